package dev.retort.runtime.ops;

import java.sql.Connection;

/**
 * The operations a revision performs, in the spirit of Alembic's {@code op}. Every operation runs
 * on the revision's own connection, inside its transaction.
 *
 * <p>Failures are thrown as {@link dev.retort.runtime.RetortException}s that name the revision and
 * the statement; the runtime then rolls the whole revision back.
 */
public interface Operations {

  /** Runs one SQL statement as written. */
  void execute(String sql);

  /**
   * Runs one SQL statement with {@code ?} placeholders bound, in order, to {@code parameters}
   * through {@link java.sql.PreparedStatement#setObject(int, Object)}.
   */
  void execute(String sql, Object... parameters);

  /**
   * The revision's connection, for data migrations that need plain JDBC. It is in the revision's
   * transaction: do not commit, roll back, close it or change its auto-commit mode.
   */
  Connection connection();
}
