package dev.retort.runtime.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Hands out one open connection for every command of {@link dev.retort.runtime.Retort#onConnection}:
 * closing what it hands out leaves the connection open, for the caller to close. The commands hand
 * a connection back as they found it (auto-commit restored, their transactions ended, the lock
 * released), so the next command finds it as the first did.
 */
public final class OneConnectionDataSource implements DataSource {
  private final Connection connection;

  public OneConnectionDataSource(Connection connection) {
    this.connection = Objects.requireNonNull(connection, "connection == null");
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (connection.isClosed()) {
      throw new SQLException(
          "the connection given to Retort.onConnection is closed; give it an open one");
    }
    return new ForwardingConnection(connection) {
      @Override
      public void close() {
        // The caller's: it stays open for the next command.
      }
    };
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException(
        "Retort.onConnection works on the connection it was given, not on another user's");
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("no logger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("a one-connection data source wraps nothing it can hand out");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  @Override
  public String toString() {
    return "the connection given to Retort.onConnection";
  }
}
