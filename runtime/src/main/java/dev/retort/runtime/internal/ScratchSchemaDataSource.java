package dev.retort.runtime.internal;

import dev.retort.runtime.dialect.PostgresDialect;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections of the live database's {@link DataSource} that work in one scratch schema: each has
 * its {@code search_path} set to that schema alone when handed out and put back as it was when
 * closed, so that a pooled connection goes back to the pool unchanged. With the scratch schema
 * alone on the path, a revision's unqualified names can reach nothing of the live schema.
 */
final class ScratchSchemaDataSource implements DataSource {
  private final DataSource live;
  private final PostgresDialect dialect;
  private final String schema;

  ScratchSchemaDataSource(DataSource live, PostgresDialect dialect, String schema) {
    this.live = live;
    this.dialect = dialect;
    this.schema = schema;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return enter(live.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return enter(live.getConnection(user, password));
  }

  private Connection enter(Connection connection) throws SQLException {
    try {
      String previous;
      try (Statement statement = connection.createStatement();
          ResultSet row = statement.executeQuery(dialect.showSearchPath())) {
        row.next();
        previous = row.getString(1);
      }
      setSearchPath(connection, dialect.quote(schema));
      return new SchemaConnection(connection, previous);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void setSearchPath(Connection connection, String path) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (PreparedStatement statement = connection.prepareStatement(dialect.setSearchPath())) {
      statement.setString(1, path);
      statement.execute();
    }
    if (!autoCommit) {
      connection.commit(); // set_config(..., false) lasts for the session only once committed
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return live.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    live.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    live.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return live.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return live.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("a scratch-schema data source wraps nothing it can hand out");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  /** A connection that puts its {@code search_path} back before it is closed. */
  private final class SchemaConnection extends ForwardingConnection {
    private final String previousPath;

    SchemaConnection(Connection delegate, String previousPath) {
      super(delegate);
      this.previousPath = previousPath;
    }

    @Override
    public void close() throws SQLException {
      try (delegate) {
        if (!delegate.isClosed()) {
          if (!delegate.getAutoCommit()) {
            delegate.rollback();
          }
          setSearchPath(delegate, previousPath);
        }
      }
    }
  }
}
