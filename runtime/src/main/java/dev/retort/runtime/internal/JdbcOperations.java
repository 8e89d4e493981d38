package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;

import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.ops.Operations;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** {@link Operations} on one revision's connection, inside its transaction. */
final class JdbcOperations implements Operations {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final Connection connection;
  private final RevisionInfo revision;

  JdbcOperations(Connection connection, RevisionInfo revision) {
    this.connection = connection;
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
}
