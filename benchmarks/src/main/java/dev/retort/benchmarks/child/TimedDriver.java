package dev.retort.benchmarks.child;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * A profiling aid, never used in a measured run: a JDBC driver for {@code jdbc:timed:<real URL>}
 * that times every call that reaches the database, grouped by statement kind, and prints the totals
 * to standard error when the JVM exits. The time a tool spends outside JDBC is its call time minus
 * the total. Load it with {@code -Djdbc.drivers=dev.retort.benchmarks.child.TimedDriver}.
 */
public final class TimedDriver implements Driver {
  private static final String PREFIX = "jdbc:timed:";
  private static final Map<String, long[]> TOTALS = new TreeMap<>();

  static {
    try {
      DriverManager.registerDriver(new TimedDriver());
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(TimedDriver::printTotals));
  }

  private static synchronized void add(String key, long nanos) {
    long[] total = TOTALS.computeIfAbsent(key, k -> new long[2]);
    total[0]++;
    total[1] += nanos;
  }

  private static synchronized void printTotals() {
    long all = 0;
    StringBuilder out = new StringBuilder("TIMED JDBC calls (count, total ms):\n");
    for (Map.Entry<String, long[]> e : TOTALS.entrySet()) {
      all += e.getValue()[1];
      out.append(
          String.format(
              "TIMED %8d %10.1f  %s%n", e.getValue()[0], e.getValue()[1] / 1e6, e.getKey()));
    }
    out.append(String.format("TIMED %8s %10.1f  all JDBC%n", "", all / 1e6));
    System.err.print(out);
  }

  /** The statement's kind: its first words, with identifiers and numbers dropped. */
  private static String kind(String sql) {
    String s = sql.trim().replaceAll("\\s+", " ").replaceAll("\\bt[0-9]+\\b", "t<i>");
    if (s.startsWith("CREATE TABLE t<i>")) {
      return "CREATE TABLE t<i> (the revision's DDL)";
    }
    return s.length() > 90 ? s.substring(0, 90) + "..." : s;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    long started = System.nanoTime();
    Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
    add("connect", System.nanoTime() - started);
    return (Connection) wrap(real, Connection.class, null);
  }

  private static Object wrap(Object real, Class<?> type, String sql) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          String name = method.getName();
          boolean timed =
              name.startsWith("execute")
                  || name.equals("commit")
                  || name.equals("rollback")
                  || name.equals("setAutoCommit")
                  || name.equals("prepareStatement")
                  || name.equals("close");
          long started = System.nanoTime();
          Object result;
          try {
            result = method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
          long took = System.nanoTime() - started;
          if (timed) {
            String key;
            if (name.startsWith("execute")) {
              key = kind(args != null && args.length > 0 && args[0] instanceof String s ? s : sql);
            } else if (name.equals("setAutoCommit")) {
              key = "setAutoCommit(" + args[0] + ")";
            } else {
              key = type.getSimpleName() + "." + name;
            }
            add(key, took);
          }
          if (result instanceof PreparedStatement p && name.equals("prepareStatement")) {
            return wrap(p, PreparedStatement.class, (String) args[0]);
          }
          if (result instanceof Statement s && name.equals("createStatement")) {
            return wrap(s, Statement.class, null);
          }
          return result;
        };
    return Proxy.newProxyInstance(
        TimedDriver.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  @Override
  public boolean acceptsURL(String url) {
    return url != null && url.startsWith(PREFIX);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
    return new DriverPropertyInfo[0];
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }
}
