package dev.retort.runtime.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} to record every statement sent to the database, and optionally to
 * rewrite them: tests use it to count the queries of the start-up path and to simulate a connection
 * that never commits.
 */
public final class JdbcSpy {
  private final List<String> statements = Collections.synchronizedList(new ArrayList<>());
  private final DataSource dataSource;
  private final UnaryOperator<String> rewrite;
  private final boolean commitRollsBack;

  private JdbcSpy(DataSource target, UnaryOperator<String> rewrite, boolean commitRollsBack) {
    this.rewrite = rewrite;
    this.commitRollsBack = commitRollsBack;
    this.dataSource = proxy(DataSource.class, target);
  }

  /** Records statements, changes nothing. */
  public static JdbcSpy on(DataSource target) {
    return new JdbcSpy(target, UnaryOperator.identity(), false);
  }

  /**
   * A driver that reports success but keeps nothing: {@code commit()} and {@code COMMIT} roll back.
   */
  public static JdbcSpy losingCommits(DataSource target) {
    return new JdbcSpy(
        target, sql -> sql.strip().equalsIgnoreCase("COMMIT") ? "ROLLBACK" : sql, true);
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Every statement sent so far, prepared ones by their SQL text. */
  public List<String> statements() {
    synchronized (statements) {
      return List.copyOf(statements);
    }
  }

  private <T> T proxy(Class<T> type, Object target) {
    InvocationHandler handler = (proxy, method, args) -> invoke(target, method, args);
    return type.cast(
        Proxy.newProxyInstance(JdbcSpy.class.getClassLoader(), new Class<?>[] {type}, handler));
  }

  private Object invoke(Object target, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    if (target instanceof Connection && commitRollsBack && name.equals("commit")) {
      name = "rollback";
      method = Connection.class.getMethod("rollback");
    }
    if (args != null && args.length > 0 && args[0] instanceof String sql) {
      if (name.startsWith("execute") && target instanceof Statement) {
        statements.add(sql);
        args[0] = rewrite.apply(sql);
      } else if (name.equals("prepareStatement")) {
        args[0] = rewrite.apply(sql);
        String text = sql;
        Object prepared = call(target, method, args);
        return proxyPrepared((java.sql.PreparedStatement) prepared, text);
      }
    }
    Object result = call(target, method, args);
    if (result instanceof Connection connection) {
      return proxy(Connection.class, connection);
    }
    if (result instanceof Statement statement && !(result instanceof java.sql.PreparedStatement)) {
      return proxy(Statement.class, statement);
    }
    return result;
  }

  private java.sql.PreparedStatement proxyPrepared(java.sql.PreparedStatement target, String sql) {
    InvocationHandler handler =
        (proxy, method, args) -> {
          if (method.getName().startsWith("execute") && (args == null || args.length == 0)) {
            statements.add(sql);
          }
          return call(target, method, args);
        };
    return (java.sql.PreparedStatement)
        Proxy.newProxyInstance(
            JdbcSpy.class.getClassLoader(),
            new Class<?>[] {java.sql.PreparedStatement.class},
            handler);
  }

  private static Object call(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
