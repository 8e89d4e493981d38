package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.ops.Operation;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory SQLite database that an offline script's statements are replayed into, so that a
 * batch rebuild reads the table's definition, indexes, views and triggers as they are at that point
 * of the history, exactly as it does online. The SQLite JDBC driver is the user's: the runtime
 * reaches it only through {@link DriverManager}.
 *
 * <p>It holds the schema and no rows of the target database: SQLite version checks see the driver's
 * SQLite, and what a rebuild reads from rows (the AUTOINCREMENT counter, the foreign-key check) is
 * empty here.
 */
final class ScratchSqlite implements OfflineDatabase {
  static final String URL = "jdbc:sqlite::memory:";

  private final Connection connection;

  private ScratchSqlite(Connection connection) {
    this.connection = connection;
  }

  static ScratchSqlite open() {
    return open(URL);
  }

  /** Opens {@code url}; a parameter so that a test can name a driver that is absent. */
  static ScratchSqlite open(String url) {
    try {
      return new ScratchSqlite(DriverManager.getConnection(url));
    } catch (SQLException e) {
      throw new RetortException(Messages.noScratchSqlite(url, e.getMessage()), e);
    }
  }

  @Override
  public void beginRevision(String id, boolean transactional) {
    // A revision marked transactional = false may hold statements (VACUUM) that refuse one.
    try {
      connection.setAutoCommit(!transactional);
    } catch (SQLException e) {
      throw new RetortException("the scratch SQLite database failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void endRevision() {
    try {
      if (!connection.getAutoCommit()) {
        connection.commit();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new RetortException("the scratch SQLite database failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void abandonRevision() {
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new RetortException("the scratch SQLite database failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void beforeOperation(Operation operation) {}

  @Override
  public void afterOperation(Operation operation) {}

  @Override
  public void execute(String sql, boolean raw) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e);
    }
  }

  @Override
  public List<String> query(String sql, Object... parameters) {
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e);
    }
    return values;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // An in-memory database: closing frees it, and a failure to close loses nothing.
    }
  }
}
