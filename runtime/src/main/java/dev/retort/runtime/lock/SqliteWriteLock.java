package dev.retort.runtime.lock;

import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.dialect.SqliteDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * SQLite's own write lock. Each revision's transaction starts with {@code BEGIN IMMEDIATE}, which
 * takes the database's write lock before the first statement, waiting up to the busy timeout. The
 * lock is SQLite's, so it works across processes on one machine, as SQLite's locking does (not on
 * network file systems whose locks are broken).
 *
 * <p>The lock is held per transaction, not per command: between two revisions another process may
 * migrate. That is safe because every revision's transaction reads the version table again before
 * running, and skips what another process applied meanwhile.
 *
 * <p>A revision that runs outside a transaction cannot hold the write lock; it holds {@link
 * SqliteFileLock}, an operating-system lock on {@code <database>.retort-lock}, instead, from the
 * read that decides to run it to the transaction that records it. That file is created the first
 * time such a revision runs, and only then.
 */
public final class SqliteWriteLock implements MigrationLock {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final SqliteDialect dialect;
  private final Connection connection;
  private final Duration timeout;
  private final int previousBusyTimeout;
  private boolean shortened;

  private SqliteWriteLock(
      SqliteDialect dialect,
      Connection connection,
      Duration timeout,
      int previousBusyTimeout,
      boolean shortened) {
    this.dialect = dialect;
    this.connection = connection;
    this.timeout = timeout;
    this.previousBusyTimeout = previousBusyTimeout;
    this.shortened = shortened;
  }

  /**
   * Sets {@code connection}'s busy timeout to {@code timeout} for the length of the command; for
   * the first transaction, to {@code timeout} less {@code waited}, what the command's first read
   * already waited on the driver's own busy timeout.
   */
  public static SqliteWriteLock acquire(
      SqliteDialect dialect, Connection connection, Duration timeout, Duration waited)
      throws SQLException {
    int previous;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.getBusyTimeout())) {
      previous = rows.next() ? rows.getInt(1) : 0;
    }
    Duration first = waited.isZero() ? timeout : timeout.minus(waited);
    setBusyTimeout(dialect, connection, millis(first.isNegative() ? Duration.ZERO : first));
    return new SqliteWriteLock(dialect, connection, timeout, previous, !waited.isZero());
  }

  private static int millis(Duration duration) {
    return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
  }

  private static void setBusyTimeout(SqliteDialect dialect, Connection connection, int millis)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.setBusyTimeout(millis));
    }
  }

  /**
   * Locks {@code <database>.retort-lock} beside the main database file. An in-memory or temporary
   * database has no file, and no other process can open it: there is nothing to lock.
   */
  @Override
  public Held holdOutsideTransaction() throws SQLException {
    String file;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.mainDatabaseFile())) {
      file = rows.next() ? rows.getString(1) : null;
    }
    if (file == null || file.isEmpty()) {
      return () -> {};
    }
    return SqliteFileLock.acquire(Path.of(file + SqliteFileLock.SUFFIX), timeout);
  }

  @Override
  public void begin(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.beginImmediate());
    } catch (SQLException e) {
      if (dialect.isLockConflict(e)) {
        throw new LockTimeoutException(
            "could not take SQLite's write lock within "
                + timeout
                + " (setting lockTimeout): another connection is writing to the database; wait"
                + " for it to finish, or raise lockTimeout");
      }
      throw e;
    }
    if (shortened) {
      // The first wait was shortened by the command's first read; later ones get the whole time.
      shortened = false;
      setBusyTimeout(dialect, connection, millis(timeout));
    }
  }

  /**
   * Commits. In SQLite's default rollback-journal mode a COMMIT needs every reader gone, so a
   * connection holding a read transaction open blocks it; past the busy timeout that is a lock
   * timeout, and the caller rolls the transaction back.
   */
  @Override
  public void commit(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.commit());
    } catch (SQLException e) {
      if (dialect.isLockConflict(e)) {
        throw new LockTimeoutException(
            "could not commit within "
                + timeout
                + " (setting lockTimeout): another connection holds a read transaction open on the"
                + " database, and SQLite commits only when no one is reading; the transaction was"
                + " rolled back. End that transaction (or switch the database to WAL mode, where"
                + " readers do not block a commit), or raise lockTimeout");
      }
      throw e;
    }
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.rollback());
    }
  }

  @Override
  public void close() {
    try {
      setBusyTimeout(dialect, connection, previousBusyTimeout);
    } catch (SQLException e) {
      LOG.log(WARNING, "could not restore SQLite's busy timeout: " + e.getMessage(), e);
    }
  }
}
