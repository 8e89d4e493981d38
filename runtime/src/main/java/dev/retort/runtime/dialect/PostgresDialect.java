package dev.retort.runtime.dialect;

import dev.retort.runtime.lock.MigrationLock;
import dev.retort.runtime.lock.PostgresAdvisoryLock;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.zip.CRC32;
import javax.sql.DataSource;

/** PostgreSQL: transactional DDL, and a session-level advisory lock serialising migrations. */
public final class PostgresDialect implements Dialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  /**
   * The high 32 bits of every Retort advisory-lock key: ASCII {@code "RETR"}. The low 32 bits are
   * the CRC-32 of the version table's name, so that two Retort-managed schemas with different
   * version tables in one database do not block each other.
   */
  public static final long ADVISORY_LOCK_PREFIX = 0x5245_5452L;

  private PostgresDialect() {}

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public boolean isUndefinedTable(SQLException e) {
    return "42P01".equals(e.getSQLState());
  }

  @Override
  public boolean isLockConflict(SQLException e) {
    // lock_not_available (lock_timeout) and deadlock_detected.
    return "55P03".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  /** The advisory-lock key for {@code versionTable}; see {@link #ADVISORY_LOCK_PREFIX}. */
  public static long advisoryLockKey(String versionTable) {
    CRC32 crc = new CRC32();
    crc.update(versionTable.getBytes(StandardCharsets.UTF_8));
    return (ADVISORY_LOCK_PREFIX << 32) | crc.getValue();
  }

  /** Tries the session-level advisory lock without waiting; one parameter, the key. */
  public String tryAdvisoryLock() {
    return "SELECT pg_try_advisory_lock(?)";
  }

  /** Releases the session-level advisory lock; one parameter, the key. */
  public String advisoryUnlock() {
    return "SELECT pg_advisory_unlock(?)";
  }

  /**
   * Who holds the advisory lock: pid, user, application and start of the holding transaction. A
   * bigint key is stored as classid (high half), objid (low half) and objsubid 1. Two parameters.
   */
  public String advisoryLockHolder() {
    return "SELECT a.pid, a.usename, a.application_name, a.state, a.xact_start"
        + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        + " WHERE l.locktype = 'advisory' AND l.granted"
        + " AND l.classid = ? AND l.objid = ? AND l.objsubid = 1";
  }

  @Override
  public MigrationLock lock(
      DataSource dataSource, Connection connection, String versionTable, Duration timeout)
      throws SQLException {
    return PostgresAdvisoryLock.acquire(this, dataSource, versionTable, timeout);
  }
}
