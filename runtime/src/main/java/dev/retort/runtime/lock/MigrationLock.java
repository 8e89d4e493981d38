package dev.retort.runtime.lock;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Serialises migrations of one database across processes, and brackets each revision's transaction.
 *
 * <p>On PostgreSQL the lock is a session-level advisory lock held for the whole command; on SQLite
 * it is the database's write lock, taken by each revision's transaction. Either way, a revision's
 * transaction begun with {@link #begin} runs while no other Retort process can migrate.
 */
public interface MigrationLock extends AutoCloseable {

  /**
   * True when the lock is held for the whole command (PostgreSQL's session lock), so that no other
   * Retort process can change the version table between two revisions; false when it is taken per
   * transaction (SQLite), so that each transaction must read the version table again.
   */
  default boolean isHeldForCommand() {
    return false;
  }

  /**
   * Holds the migration lock across work done outside a transaction: a revision with {@code
   * transactional = false}, from the read that decides to run it to the transaction that records
   * it, so that no other process runs it meanwhile. Nothing more to take where the lock is held for
   * the whole command (PostgreSQL); on SQLite, an operating-system lock on a file beside the
   * database, which the holder's death releases. Not to be called inside a transaction.
   *
   * @throws dev.retort.runtime.LockTimeoutException when the lock is not had within the command's
   *     lock timeout
   */
  default Held holdOutsideTransaction() throws SQLException {
    return () -> {};
  }

  /** A lock held by {@link #holdOutsideTransaction()} until closed. */
  interface Held extends AutoCloseable {
    /** Releases the lock; never throws. */
    @Override
    void close();
  }

  /** Begins one revision's transaction on {@code connection}. */
  void begin(Connection connection) throws SQLException;

  /** Commits the transaction begun by {@link #begin}. */
  void commit(Connection connection) throws SQLException;

  /** Rolls back the transaction begun by {@link #begin}. */
  void rollback(Connection connection) throws SQLException;

  /** Work done inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: commits when it returns, rolls back when anything is
   * thrown. A failure to roll back is attached to the original error, never in its place.
   */
  default <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
    begin(connection);
    T result;
    try {
      result = work.run();
      commit(connection);
    } catch (SQLException | RuntimeException | Error e) {
      try {
        rollback(connection);
      } catch (SQLException | RuntimeException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
    return result;
  }

  /**
   * Releases the lock. Never throws: a failure to release is logged, so that it cannot hide the
   * error that ended the command; the database releases the lock with the session in any case.
   */
  @Override
  void close();
}
