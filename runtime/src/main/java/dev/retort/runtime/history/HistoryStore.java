package dev.retort.runtime.history;

import dev.retort.runtime.HistoryRow;
import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The single owner of the history table: an append-only record of every revision run, stamp and
 * accepted checksum, with its checksum, time, duration and database user. Each row is written in
 * the transaction of the change it records, so the history and the version table cannot disagree.
 *
 * <p>One instance serves one command's connection and keeps its insert statement prepared for the
 * length of the command; {@link #close} releases it.
 */
public final class HistoryStore implements AutoCloseable {
  /** The actions a history row records; {@link HistoryRow} documents each. */
  public static final String UPGRADE = HistoryRow.UPGRADE;

  public static final String DOWNGRADE = HistoryRow.DOWNGRADE;
  public static final String STAMP = HistoryRow.STAMP;
  public static final String ACCEPT = HistoryRow.ACCEPT;
  public static final String SKIP_UPGRADE = HistoryRow.SKIP_UPGRADE;
  public static final String SKIP_DOWNGRADE = HistoryRow.SKIP_DOWNGRADE;
  public static final String START_UPGRADE = HistoryRow.START_UPGRADE;
  public static final String START_DOWNGRADE = HistoryRow.START_DOWNGRADE;

  private final Dialect dialect;
  private final Connection connection;
  private final String table;
  private final String insertSql;
  private PreparedStatement insert;

  public HistoryStore(Dialect dialect, Connection connection, String table) {
    this.dialect = dialect;
    this.connection = connection;
    this.table = table;
    this.insertSql = dialect.insertHistory(table);
  }

  /** One history row; the time and the database user come from the database. */
  public record Entry(String revisionId, String action, String checksum, long durationMillis) {}

  /** The history table's name. */
  public String table() {
    return table;
  }

  /** Creates the history table if it does not exist. */
  public void create() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createHistoryTable(table));
    }
  }

  /** Appends one row. */
  public void record(Entry entry) throws SQLException {
    if (insert == null) {
      insert = connection.prepareStatement(insertSql);
    }
    bind(insert, 1, entry);
    insert.executeUpdate();
  }

  /** Binds {@code entry} to {@link Dialect#insertHistory}'s four parameters, from {@code first}. */
  static void bind(PreparedStatement statement, int first, Entry entry) throws SQLException {
    statement.setString(first, entry.revisionId());
    statement.setString(first + 1, entry.action());
    if (entry.checksum() == null) {
      statement.setNull(first + 2, Types.VARCHAR);
    } else {
      statement.setString(first + 2, entry.checksum());
    }
    statement.setLong(first + 3, entry.durationMillis());
  }

  /** {@code entry} as {@link Dialect#insertHistory}'s four parameters, in order. */
  public static List<Object> parameters(Entry entry) {
    return java.util.Arrays.asList(
        entry.revisionId(), entry.action(), entry.checksum(), entry.durationMillis());
  }

  /**
   * The newest checksum recorded for each revision by an upgrade or an accepted checksum; empty
   * when the table does not exist. Call inside a transaction only once the table exists: on
   * PostgreSQL a missing table aborts the transaction.
   */
  public Map<String, String> recordedChecksums() throws SQLException {
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

  /**
   * The action of the newest run of {@code revisionId}, a start included; null when it never ran.
   * Call once the table exists.
   */
  public String lastRun(String revisionId) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.selectLastRun(table))) {
      statement.setString(1, revisionId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /** Every row, newest first; empty when the table does not exist. */
  public List<HistoryRow> rows() throws SQLException {
    List<HistoryRow> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectHistory(table))) {
      while (rows.next()) {
        result.add(
            0, // the query reads oldest first
            new HistoryRow(
                rows.getLong(1),
                rows.getString(2),
                rows.getString(3),
                rows.getString(4),
                dialect.historyTime(rows, 5),
                Duration.ofMillis(rows.getLong(6)),
                rows.getString(7)));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return List.of();
      }
      throw e;
    }
    return List.copyOf(result);
  }

  /**
   * The revisions whose last run since the last stamp was an upgrade (or an upgrade recorded
   * without running, for another database), in the order of those runs: what the history says is
   * applied, for a cross-check with the version table. Empty when the table does not exist; the
   * same care inside a transaction as {@link #recordedChecksums()}.
   */
  public List<String> upgradedSinceLastStamp() throws SQLException {
    Map<String, Boolean> upgraded = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectRunsSinceLastStamp(table))) {
      while (rows.next()) {
        String id = rows.getString(1);
        upgraded.remove(id); // keep the order of each revision's last run
        String action = rows.getString(2);
        upgraded.put(id, UPGRADE.equals(action) || SKIP_UPGRADE.equals(action));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return List.of();
      }
      throw e;
    }
    List<String> ids = new ArrayList<>();
    upgraded.forEach(
        (id, up) -> {
          if (up) {
            ids.add(id);
          }
        });
    return ids;
  }

  /** Closes the prepared statement; the connection stays open. */
  @Override
  public void close() throws SQLException {
    if (insert != null) {
      insert.close();
      insert = null;
    }
  }
}
