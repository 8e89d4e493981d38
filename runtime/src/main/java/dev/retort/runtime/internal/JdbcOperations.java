package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;

import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.SqlRunner;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operation;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Operations} on one revision's connection, inside its transaction. Typed operations become
 * {@link Operation} values that the dialect renders; their statements come back through {@link
 * SqlRunner} and run here.
 */
final class JdbcOperations implements Operations, SqlRunner {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final Connection connection;
  private final Dialect dialect;
  private final RevisionInfo revision;

  JdbcOperations(Connection connection, Dialect dialect, RevisionInfo revision) {
    this.connection = connection;
    this.dialect = dialect;
    this.revision = revision;
  }

  @Override
  public void execute(String sql) {
    LOG.log(DEBUG, "{0}: {1}", revision.id(), sql);
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e);
    }
  }

  @Override
  public void execute(String sql, Object... parameters) {
    LOG.log(DEBUG, "{0}: {1} ({2} parameters)", revision.id(), sql, parameters.length);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      statement.execute();
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e);
    }
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public List<String> query(String sql, Object... parameters) {
    LOG.log(DEBUG, "{0}: {1}", revision.id(), sql);
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

  private void apply(Operation operation) {
    dialect.apply(operation, this);
  }

  @Override
  public void createTable(Table table) {
    apply(new Operation.CreateTable(table, false));
  }

  @Override
  public void createTableIfNotExists(Table table) {
    apply(new Operation.CreateTable(table, true));
  }

  @Override
  public void dropTable(String table) {
    apply(new Operation.DropTable(table, false));
  }

  @Override
  public void dropTableIfExists(String table) {
    apply(new Operation.DropTable(table, true));
  }

  @Override
  public void renameTable(String from, String to) {
    apply(new Operation.RenameTable(from, to));
  }

  @Override
  public void addColumn(String table, Column column) {
    apply(new Operation.AddColumn(table, column));
  }

  @Override
  public void dropColumn(String table, String column) {
    apply(new Operation.DropColumn(table, column));
  }

  @Override
  public void renameColumn(String table, String from, String to) {
    apply(new Operation.RenameColumn(table, from, to));
  }

  @Override
  public void createIndex(Index index) {
    apply(new Operation.CreateIndex(index, false));
  }

  @Override
  public void createIndexIfNotExists(Index index) {
    apply(new Operation.CreateIndex(index, true));
  }

  @Override
  public void dropIndex(String index) {
    apply(new Operation.DropIndex(index, false));
  }

  @Override
  public void dropIndexIfExists(String index) {
    apply(new Operation.DropIndex(index, true));
  }
}
