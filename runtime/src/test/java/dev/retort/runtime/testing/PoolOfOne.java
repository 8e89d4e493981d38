package dev.retort.runtime.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A connection pool of size one, as a pool configured with {@code maximumPoolSize = 1} behaves: one
 * physical connection, handed out to one borrower at a time; a second borrower waits up to the
 * pool's timeout and then fails, as HikariCP's {@code connectionTimeout} does. {@code close()} on
 * a borrowed connection returns it to the pool, with its session (and any session lock) intact.
 */
public final class PoolOfOne implements DataSource, AutoCloseable {
  private final Connection physical;
  private final long timeoutMillis;
  private final Semaphore available = new Semaphore(1);

  public PoolOfOne(DataSource target, long timeoutMillis) throws SQLException {
    this.physical = target.getConnection();
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public Connection getConnection() throws SQLException {
    try {
      if (!available.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new SQLTransientConnectionException(
            "pool of one: connection is not available, request timed out after "
                + timeoutMillis
                + "ms");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted", e);
    }
    boolean[] returned = {false};
    return (Connection)
        Proxy.newProxyInstance(
            PoolOfOne.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              switch (method.getName()) {
                case "close" -> {
                  if (!returned[0]) {
                    returned[0] = true;
                    if (!physical.getAutoCommit()) {
                      physical.rollback();
                      physical.setAutoCommit(true);
                    }
                    available.release();
                  }
                  return null;
                }
                case "isClosed" -> {
                  return returned[0];
                }
                default -> {
                  if (returned[0]) {
                    throw new SQLException("connection returned to the pool");
                  }
                  try {
                    return method.invoke(physical, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                }
              }
            });
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("getConnection(user, password)");
  }

  @Override
  public void close() throws SQLException {
    physical.close();
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
    throw new SQLFeatureNotSupportedException("getParentLogger");
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
