package dev.retort.commands.internal;

import dev.retort.commands.UsageException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source when no URL was given. {@code heads}, {@code show}, {@code branches} and {@code
 * history} without {@code -i} never ask it for a connection; every other command fails with a
 * usage error that says how to give the URL.
 */
public final class NoDatabase implements DataSource {
  private final String how;

  /** @param how how the front end's user gives a URL, for the message */
  public NoDatabase(String how) {
    this.how = how;
  }

  @Override
  public Connection getConnection() {
    throw new UsageException("this command needs a database, and no JDBC URL was given; " + how);
  }

  @Override
  public Connection getConnection(String user, String password) {
    return getConnection();
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    throw new UnsupportedOperationException("setLogWriter");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    throw new UnsupportedOperationException("setLoginTimeout");
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("getParentLogger");
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    throw new UnsupportedOperationException("unwrap");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }

  @Override
  public String toString() {
    return "(no database)";
  }
}
