package dev.retort.commands.internal;

import dev.retort.commands.Redactor;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Opens connections through the JDBC driver found by {@link ServiceLoader} on a given class loader.
 * Not through {@link java.sql.DriverManager}: it refuses a driver that its caller's class loader
 * cannot see, which is the case for a driver among a Maven project's dependencies when the plugin
 * calls it. Its {@link #toString()} is the URL with credentials masked.
 */
public final class JdbcDataSource implements DataSource {
  private final String url;
  private final String user;
  private final String password;
  private final ClassLoader classLoader;
  private final Redactor redactor;
  private volatile Driver driver;

  public JdbcDataSource(
      String url, String user, String password, ClassLoader classLoader, Redactor redactor) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.classLoader = classLoader;
    this.redactor = redactor;
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
    Connection connection = driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("the JDBC driver refused " + this);
    }
    return connection;
  }

  private Driver driver() throws SQLException {
    Driver found = driver;
    if (found != null) {
      return found;
    }
    for (Driver candidate : ServiceLoader.load(Driver.class, classLoader)) {
      if (candidate.acceptsURL(url)) {
        driver = candidate;
        return candidate;
      }
    }
    throw new SQLException(
        "no JDBC driver on the class path accepts "
            + this
            + "; put the database's driver on the class path (org.xerial:sqlite-jdbc for"
            + " jdbc:sqlite:, org.postgresql:postgresql for jdbc:postgresql:)");
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("getConnection(user, password)");
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
    return redactor.redact(url);
  }
}
