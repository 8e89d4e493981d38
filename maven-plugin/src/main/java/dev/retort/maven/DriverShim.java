package dev.retort.maven;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * A driver of the project's class path, registered with {@link DriverManager} through a class of
 * the plugin's own realm. The runtime opens its scratch databases by URL (the drift check's and
 * offline SQL's SQLite scratch), and {@code DriverManager} refuses a driver that its caller's class
 * loader cannot see: the runtime lives in the plugin's realm, the driver among the project's
 * dependencies. The shim is visible from the realm and delegates to the project's driver.
 */
final class DriverShim implements Driver {
  private final Driver driver;

  private DriverShim(Driver driver) {
    this.driver = driver;
  }

  /** Registers a shim for each driver that only {@code projectLoader} loads; returns them. */
  static List<Driver> registerAll(ClassLoader projectLoader) {
    List<Driver> shims = new ArrayList<>();
    for (Driver driver : ServiceLoader.load(Driver.class, projectLoader)) {
      if (driver.getClass().getClassLoader() == projectLoader) {
        DriverShim shim = new DriverShim(driver);
        try {
          DriverManager.registerDriver(shim);
          shims.add(shim);
        } catch (SQLException e) {
          throw new IllegalStateException("cannot register " + driver.getClass().getName(), e);
        }
      }
    }
    return shims;
  }

  /** Removes shims registered by {@link #registerAll}. */
  static void deregisterAll(List<Driver> shims) {
    for (Driver shim : shims) {
      try {
        DriverManager.deregisterDriver(shim);
      } catch (SQLException e) {
        // Nothing to undo: the shim was registered by this class, so DriverManager lets it go.
      }
    }
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    return driver.connect(url, info);
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    return driver.acceptsURL(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return driver.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return driver.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return driver.getMinorVersion();
  }

  @Override
  public boolean jdbcCompliant() {
    return driver.jdbcCompliant();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }
}
