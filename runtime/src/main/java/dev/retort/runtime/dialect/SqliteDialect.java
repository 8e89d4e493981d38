package dev.retort.runtime.dialect;

import dev.retort.runtime.lock.MigrationLock;
import dev.retort.runtime.lock.SqliteWriteLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * SQLite: transactional DDL, and the database's own write lock, taken up front by {@code BEGIN
 * IMMEDIATE} for each revision's transaction.
 */
public final class SqliteDialect implements Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  /** SQLite's primary result code for "the database file is locked". */
  public static final int SQLITE_BUSY = 5;

  private SqliteDialect() {}

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public boolean isUndefinedTable(SQLException e) {
    String message = e.getMessage();
    return message != null && message.contains("no such table");
  }

  @Override
  public String createHistoryTable(String table) {
    // applied_at is UTC text, ISO-8601 with a 'Z', so that no reader has to guess its zone.
    return "CREATE TABLE IF NOT EXISTS "
        + quote(table)
        + " (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " revision_id TEXT NOT NULL,"
        + " action TEXT NOT NULL,"
        + " checksum TEXT,"
        + " applied_at TEXT NOT NULL,"
        + " duration_ms INTEGER NOT NULL,"
        + " applied_by TEXT)";
  }

  @Override
  public String insertHistory(String table) {
    // SQLite has no users; applied_by stays NULL.
    return "INSERT INTO "
        + quote(table)
        + " (revision_id, action, checksum, applied_at, duration_ms, applied_by)"
        + " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, NULL)";
  }

  /** Sets how long a statement waits for another connection's lock; milliseconds, an int. */
  public String setBusyTimeout(int millis) {
    return "PRAGMA busy_timeout = " + millis;
  }

  /** Reads the busy timeout in force. */
  public String getBusyTimeout() {
    return "PRAGMA busy_timeout";
  }

  /** Begins a transaction that takes the write lock at once, instead of at its first write. */
  public String beginImmediate() {
    return "BEGIN IMMEDIATE";
  }

  public String commit() {
    return "COMMIT";
  }

  public String rollback() {
    return "ROLLBACK";
  }

  /** True when {@code e} is SQLite's "database is locked". */
  @Override
  public boolean isLockConflict(SQLException e) {
    // sqlite-jdbc reports the extended code in getErrorCode(); its low byte is the primary code.
    return (e.getErrorCode() & 0xff) == SQLITE_BUSY
        || (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY"));
  }

  @Override
  public MigrationLock lock(
      DataSource dataSource, Connection connection, String versionTable, Duration timeout)
      throws SQLException {
    return SqliteWriteLock.acquire(this, connection, timeout);
  }
}
