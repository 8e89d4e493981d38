package dev.retort.runtime.dialect;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.lock.MigrationLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Everything that differs between the databases Retort supports. All SQL text for a database lives
 * in its dialect class and nowhere else, so that a reader can see in one place what Retort sends.
 *
 * <p>Chosen from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}, which reads no table.
 */
public sealed interface Dialect permits PostgresDialect, SqliteDialect {

  /** The PostgreSQL dialect. */
  static Dialect postgres() {
    return PostgresDialect.INSTANCE;
  }

  /** The SQLite dialect. */
  static Dialect sqlite() {
    return SqliteDialect.INSTANCE;
  }

  /**
   * The dialect for {@code connection}'s database.
   *
   * @throws RetortException for a database Retort does not support, naming it
   */
  static Dialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if ("PostgreSQL".equalsIgnoreCase(product)) {
      return postgres();
    }
    if ("SQLite".equalsIgnoreCase(product)) {
      return sqlite();
    }
    throw new RetortException(
        "unsupported database \""
            + product
            + "\": Retort supports PostgreSQL and SQLite; connect to one of those");
  }

  /** A short name for messages: {@code PostgreSQL} or {@code SQLite}. */
  String name();

  /** Quotes one identifier, doubling embedded quotes, so that no name can change the statement. */
  default String quote(String identifier) {
    if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not an identifier: \"" + identifier + "\"");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Creates the version table if it is missing. Its one column is Alembic's, so teams can share it.
   */
  default String createVersionTable(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + quote(table)
        + " (version_num VARCHAR(32) NOT NULL, CONSTRAINT "
        + quote(table + "_pkc")
        + " PRIMARY KEY (version_num))";
  }

  /** Reads every row of the version table. */
  default String selectVersions(String table) {
    return "SELECT version_num FROM " + quote(table);
  }

  /** Inserts one version row; one parameter, the id. */
  default String insertVersion(String table) {
    return "INSERT INTO " + quote(table) + " (version_num) VALUES (?)";
  }

  /** Deletes one version row; one parameter, the id. */
  default String deleteVersion(String table) {
    return "DELETE FROM " + quote(table) + " WHERE version_num = ?";
  }

  /** Deletes every version row. */
  default String deleteAllVersions(String table) {
    return "DELETE FROM " + quote(table);
  }

  /**
   * Creates the history table if it is missing: one row for every revision run, stamp and accepted
   * checksum, written in the same transaction as the version-row change.
   */
  String createHistoryTable(String table);

  /**
   * Appends one history row. Four parameters: revision id, action, checksum (may be null), duration
   * in milliseconds. The time and the database user come from the database itself.
   */
  String insertHistory(String table);

  /**
   * The newest checksum recorded for each revision by an upgrade or an accepted checksum, one row
   * per revision: revision_id, checksum.
   */
  default String selectRecordedChecksums(String table) {
    return "SELECT h.revision_id, h.checksum FROM "
        + quote(table)
        + " h WHERE h.id = (SELECT MAX(l.id) FROM "
        + quote(table)
        + " l WHERE l.revision_id = h.revision_id AND l.action IN ('upgrade', 'accept'))";
  }

  /**
   * Every history row, oldest first: id, revision_id, action, checksum, applied_at, duration_ms,
   * applied_by.
   */
  default String selectHistory(String table) {
    return "SELECT id, revision_id, action, checksum, applied_at, duration_ms, applied_by FROM "
        + quote(table)
        + " ORDER BY id";
  }

  /** True when {@code e} says that the table read does not exist. */
  boolean isUndefinedTable(SQLException e);

  /** True when {@code e} says that another connection's lock stopped the statement. */
  boolean isLockConflict(SQLException e);

  /**
   * Takes this database's migration lock for the version table {@code versionTable}. The returned
   * lock also begins and ends each revision's transaction on {@code connection}, since on SQLite
   * the lock is the transaction's own.
   *
   * @throws dev.retort.runtime.LockTimeoutException when the lock is not had within {@code timeout}
   */
  MigrationLock lock(
      DataSource dataSource, Connection connection, String versionTable, Duration timeout)
      throws SQLException;
}
