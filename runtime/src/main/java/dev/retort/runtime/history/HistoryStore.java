package dev.retort.runtime.history;

import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;

/**
 * The single owner of the history table: an append-only record of every revision run, stamp and
 * accepted checksum, with its checksum, time, duration and database user. Each row is written in
 * the transaction of the change it records, so the history and the version table cannot disagree.
 */
public final class HistoryStore {
  /** The actions a history row records. */
  public static final String UPGRADE = "upgrade";

  public static final String DOWNGRADE = "downgrade";
  public static final String STAMP = "stamp";
  public static final String ACCEPT = "accept";

  private final Dialect dialect;
  private final String table;

  public HistoryStore(Dialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
  }

  /** The history table's name. */
  public String table() {
    return table;
  }

  /** Creates the history table if it does not exist. */
  public void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createHistoryTable(table));
    }
  }

  /** Appends one row. */
  public void record(
      Connection connection, String revisionId, String action, String checksum, long durationMillis)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(dialect.insertHistory(table))) {
      insert.setString(1, revisionId);
      insert.setString(2, action);
      if (checksum == null) {
        insert.setNull(3, Types.VARCHAR);
      } else {
        insert.setString(3, checksum);
      }
      insert.setLong(4, durationMillis);
      insert.executeUpdate();
    }
  }

  /**
   * The newest checksum recorded for each revision by an upgrade or an accepted checksum; empty
   * when the table does not exist. Call inside a transaction only once the table exists: on
   * PostgreSQL a missing table aborts the transaction.
   */
  public Map<String, String> recordedChecksums(Connection connection) throws SQLException {
    Map<String, String> checksums = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectRecordedChecksums(table))) {
      while (rows.next()) {
        checksums.put(rows.getString(1), rows.getString(2));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return Map.of();
      }
      throw e;
    }
    return checksums;
  }
}
