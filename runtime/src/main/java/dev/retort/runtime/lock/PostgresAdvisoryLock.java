package dev.retort.runtime.lock;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.dialect.PostgresDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A session-level advisory lock, held for the whole command on the command's own connection. A
 * session-level lock outlives each revision's COMMIT and ROLLBACK, so the lock needs no second
 * connection: a migration runs on a pool of one (issue 9, item 12), and takes one connection of a
 * larger pool, not two.
 *
 * <p>Waiting is a poll with {@code pg_try_advisory_lock} rather than a blocking {@code
 * pg_advisory_lock}: between polls the waiting session holds no snapshot, so it cannot stall the
 * holder's {@code CREATE INDEX CONCURRENTLY}, which waits for every older snapshot to end.
 */
public final class PostgresAdvisoryLock implements MigrationLock {
  private static final System.Logger LOG = System.getLogger("dev.retort");
  private static final long FIRST_POLL_MILLIS = 50;
  private static final long MAX_POLL_MILLIS = 1_000;

  private final PostgresDialect dialect;
  private final Connection connection;
  private final long key;

  private PostgresAdvisoryLock(PostgresDialect dialect, Connection connection, long key) {
    this.dialect = dialect;
    this.connection = connection;
    this.key = key;
  }

  /**
   * Takes the lock for {@code versionTable} on {@code connection}, which must be in auto-commit
   * mode, waiting up to {@code timeout} less {@code waited}. {@link #close} releases it and leaves
   * the connection open.
   *
   * @throws LockTimeoutException when another session still holds it after {@code timeout}
   */
  public static PostgresAdvisoryLock acquire(
      PostgresDialect dialect,
      Connection connection,
      String versionTable,
      Duration timeout,
      Duration waited)
      throws SQLException {
    long key = PostgresDialect.advisoryLockKey(versionTable);
    long deadline = System.nanoTime() + timeout.minus(waited).toNanos();
    long pollMillis = FIRST_POLL_MILLIS;
    String holder = null;
    while (!tryLock(dialect, connection, key)) {
      if (holder == null) {
        holder = describeHolder(dialect, connection, key);
        LOG.log(INFO, "waiting for the migration lock on {0}, held by {1}", versionTable, holder);
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new LockTimeoutException(
            "could not take the migration lock on "
                + versionTable
                + " within "
                + timeout
                + " (setting lockTimeout): it is held by "
                + describeHolder(dialect, connection, key)
                + "; wait for that migration to finish, or raise lockTimeout");
      }
      sleep(Math.min(pollMillis, Math.max(1, left / 1_000_000)));
      pollMillis = Math.min(pollMillis * 2, MAX_POLL_MILLIS);
    }
    return new PostgresAdvisoryLock(dialect, connection, key);
  }

  private static boolean tryLock(PostgresDialect dialect, Connection connection, long key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.tryAdvisoryLock())) {
      statement.setLong(1, key);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getBoolean(1);
      }
    }
  }

  private static String describeHolder(PostgresDialect dialect, Connection connection, long key)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.advisoryLockHolder())) {
      // pg_locks shows the key's halves as oid columns; bind them as unsigned 32-bit values.
      statement.setLong(1, key >>> 32);
      statement.setLong(2, key & 0xFFFF_FFFFL);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return "a session that has just released it";
        }
        String application = rows.getString("application_name");
        return "pid "
            + rows.getInt("pid")
            + " (user "
            + rows.getString("usename")
            + (application == null || application.isEmpty() ? "" : ", application " + application)
            + ", "
            + rows.getString("state")
            + (rows.getTimestamp("xact_start") == null
                ? ""
                : ", in a transaction since " + rows.getTimestamp("xact_start"))
            + ")";
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockTimeoutException("interrupted while waiting for the migration lock");
    }
  }

  @Override
  public boolean isHeldForCommand() {
    return true;
  }

  @Override
  public void begin(Connection connection) throws SQLException {
    connection.setAutoCommit(false);
  }

  @Override
  public void commit(Connection connection) throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
  }

  @Override
  public void rollback(Connection connection) throws SQLException {
    try {
      connection.rollback();
    } finally {
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() {
    try (PreparedStatement statement = connection.prepareStatement(dialect.advisoryUnlock())) {
      statement.setLong(1, key);
      statement.execute();
    } catch (SQLException e) {
      // Ending the session releases the lock anyway; never let this hide the command's own error.
      // A pool that keeps the session would keep the lock too, so say so loudly.
      LOG.log(
          WARNING,
          "could not release the migration lock on its connection ("
              + e.getMessage()
              + "); if a pool keeps that connection open, close it, or other migrations will wait",
          e);
    }
  }
}
