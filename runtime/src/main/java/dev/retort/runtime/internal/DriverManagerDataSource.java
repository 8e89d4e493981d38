package dev.retort.runtime.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that opens a new connection through {@link DriverManager} each time; enough
 * for a migration command, which opens one or two. Its {@link #toString()} shows no credentials.
 */
public final class DriverManagerDataSource implements DataSource {
  private final String url;
  private final String user;
  private final String password;

  /**
   * A password in {@code url}'s query moves to a connection property: the driver then never sees it
   * in the URL, which the PostgreSQL driver logs at FINE. An explicit {@code password} wins.
   */
  public DriverManagerDataSource(String url, String user, String password) {
    JdbcUrls.Split split = JdbcUrls.split(url);
    this.url = split.url();
    this.user = user;
    this.password = password != null ? password : split.password();
  }

  /**
   * The URL connections are opened with, without its password parameter: for choosing a dialect
   * without connecting, and, through {@link JdbcUrls#mask}, for messages.
   */
  String url() {
    return url;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  @Override
  public PrintWriter getLogWriter() {
    return DriverManager.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) {
    throw new UnsupportedOperationException("setLogWriter");
  }

  @Override
  public void setLoginTimeout(int seconds) {
    DriverManager.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() {
    return DriverManager.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException("getParentLogger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("not a wrapper for " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  @Override
  public String toString() {
    return "DriverManagerDataSource[" + JdbcUrls.mask(url) + "]";
  }
}
