package dev.retort.runtime.history;

import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * The single owner of the version table: one row per applied head, like Alembic's {@code
 * alembic_version}. Every change to it happens inside the transaction of the revision that caused
 * it.
 */
public final class VersionStore {
  private final Dialect dialect;
  private final String table;

  public VersionStore(Dialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
  }

  /** The version table's name. */
  public String table() {
    return table;
  }

  /**
   * The ids in the version table, sorted; empty when the table does not exist yet. Outside a
   * transaction only on PostgreSQL, where reading a missing table would abort the transaction.
   */
  public List<String> read(Connection connection) throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectVersions(table))) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return List.of();
      }
      throw e;
    }
    Collections.sort(ids);
    return ids;
  }

  /** Creates the version table if it does not exist. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createVersionTable(table));
    }
  }

  /**
   * Deletes the rows {@code remove} and inserts the rows {@code add}: one UPDATE when one row
   * replaces another, the common step of a chain.
   *
   * @return false when a row of {@code remove} was not there: the table is not what this process
   *     recorded, and the caller must not commit
   */
  public boolean update(Connection connection, Collection<String> remove, Collection<String> add)
      throws SQLException {
    if (remove.size() == 1 && add.size() == 1) {
      try (PreparedStatement update = connection.prepareStatement(dialect.updateVersion(table))) {
        update.setString(1, add.iterator().next());
        update.setString(2, remove.iterator().next());
        return update.executeUpdate() == 1;
      }
    }
    boolean found = true;
    if (!remove.isEmpty()) {
      try (PreparedStatement delete = connection.prepareStatement(dialect.deleteVersion(table))) {
        for (String id : remove) {
          delete.setString(1, id);
          found &= delete.executeUpdate() == 1;
        }
      }
    }
    if (!add.isEmpty()) {
      try (PreparedStatement insert = connection.prepareStatement(dialect.insertVersion(table))) {
        for (String id : add) {
          insert.setString(1, id);
          insert.executeUpdate();
        }
      }
    }
    return found;
  }

  /** Replaces every row with {@code ids}. */
  public void replace(Connection connection, Collection<String> ids) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(dialect.deleteAllVersions(table));
    }
    update(connection, List.of(), ids);
  }
}
