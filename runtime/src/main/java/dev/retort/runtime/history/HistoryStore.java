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
import java.util.Objects;

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
  private int written; // rows this instance appended, committed or not
  private String lastWritten; // the newest of them: its revision_id and action

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
    noteWritten(entry);
  }

  /** Counts a row appended through this instance or, in the same statement, its version store. */
  void noteWritten(Entry entry) {
    written++;
    lastWritten = entry.revisionId() + " " + entry.action();
  }

  /**
   * How many rows this instance appended (in transactions that committed or not: a rolled-back
   * one counts too, which can only make {@link Summary#follows} false).
   */
  public int written() {
    return written;
  }

  /** The newest row this instance appended, as its revision_id and action; null before any. */
  public String lastWritten() {
    return lastWritten;
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
    return summary(null).checksums();
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
    return summary(null).upgradedSinceLastStamp();
  }

  /**
   * What the history says as of its newest row, reading only the rows appended since {@code
   * previous} (a summary of this table read earlier, or null to read it all). Every command checks
   * the history, and a long-lived instance that runs many commands (the test kit's stairway
   * records three rows a revision) would otherwise read a table that grows with each of them
   * (#11). The table is append-only, written under the migration lock, so ids commit in order; its
   * oldest id, its newest row and the row {@code previous} ended with tell whether anything but
   * appending happened since (old rows pruned, the newest deleted or replaced under its id), and
   * then it is read in full. A row deleted from the middle or edited in place by hand is seen by
   * the next instance, not by one that read the table already. The same care inside a transaction as {@link
   * #recordedChecksums()}.
   *
   * <p>{@code previous} is used up: the summary returned may share and extend what it holds, so
   * hand each summary to this method once, from one thread at a time.
   */
  public Summary summary(Summary previous) throws SQLException {
    long firstId;
    long lastId;
    String lastRow;
    String previousRowNow; // the row previous ended with, as it is now
    try (PreparedStatement statement =
        connection.prepareStatement(dialect.selectHistoryExtent(table))) {
      statement.setLong(1, previous == null ? 0 : previous.lastId);
      try (ResultSet extent = statement.executeQuery()) {
        extent.next();
        firstId = extent.getLong(1);
        lastId = extent.getLong(2);
        lastRow = extent.getString(3);
        previousRowNow = extent.getString(4);
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return Summary.EMPTY;
      }
      throw e;
    }
    Summary base =
        previous != null
                && !previous.usedUp
                && previous.lastId > 0
                && firstId == previous.firstId
                && lastId >= previous.lastId
                && Objects.equals(previousRowNow, previous.lastRow)
            ? previous
            : Summary.EMPTY;
    if (base.lastId == lastId && Objects.equals(base.lastRow, lastRow)) {
      return base;
    }
    String after = dialect.selectHistoryAfter(table);
    Summary read = base.append(connection, after);
    if ((read.lastId != lastId || !Objects.equals(read.lastRow, lastRow))
        && base != Summary.EMPTY) {
      // Not only appended since: the newest row was replaced under its id.
      read = Summary.EMPTY.append(connection, after);
    }
    // A full read is a true summary of the rows it read, also when others were added meanwhile.
    return read;
  }

  /**
   * What the history says about the revisions as of one row: each revision's newest recorded
   * checksum (by an upgrade or an accepted checksum), and the revisions whose last run since the
   * last stamp was an upgrade. Reading a summary never changes it; {@link HistoryStore#summary}
   * may extend one it is handed, which is then used up.
   */
  public static final class Summary {
    static final Summary EMPTY =
        new Summary(0, 0, null, new LinkedHashMap<>(), new HashMap<>(), null, 0);

    private final long firstId;
    private final long lastId;
    private final String lastRow; // its revision_id and action: SQLite reuses a deleted row's id
    private final LinkedHashMap<String, Boolean> runs; // each revision's last run: upgraded?
    private final Map<String, String> checksums;
    private boolean usedUp; // extended into a newer summary, which now owns the maps
    private final Object token = new Object(); // who this is, for follows(), without a reference
    private final Object madeFrom; // the token of the summary this one extended, or null
    private final int appended; // the rows it read to extend it

    private Summary(
        long firstId,
        long lastId,
        String lastRow,
        LinkedHashMap<String, Boolean> runs,
        Map<String, String> checksums,
        Object madeFrom,
        int appended) {
      this.madeFrom = madeFrom;
      this.appended = appended;
      this.firstId = firstId;
      this.lastId = lastId;
      this.lastRow = lastRow;
      this.runs = runs;
      this.checksums = checksums;
    }

    /** The newest checksum recorded for each revision by an upgrade or an accepted checksum. */
    public Map<String, String> checksums() {
      return java.util.Collections.unmodifiableMap(checksums);
    }

    /** See {@link HistoryStore#upgradedSinceLastStamp()}. */
    public List<String> upgradedSinceLastStamp() {
      List<String> ids = new ArrayList<>();
      runs.forEach(
          (id, up) -> {
            if (up) {
              ids.add(id);
            }
          });
      return ids;
    }

    /**
     * True when this summary is {@code previous} with exactly {@code rows} rows appended since (read
     * incrementally, not again in full), the newest of them being {@code newest} (its revision_id
     * and action): the history as one that wrote those rows after reading {@code previous} left it.
     */
    public boolean follows(Summary previous, int rows, String newest) {
      if (previous == null || previous.lastId == 0) {
        return false;
      }
      if (this == previous) {
        return rows == 0;
      }
      return madeFrom == previous.token && appended == rows && Objects.equals(lastRow, newest);
    }

    /**
     * This summary with the rows after its last one applied, oldest first. Copying the maps would
     * cost as much as reading the table again, so a summary other than {@link #EMPTY} hands its
     * maps on and is used up.
     */
    private Summary append(Connection connection, String sql) throws SQLException {
      LinkedHashMap<String, Boolean> newRuns;
      Map<String, String> newChecksums;
      if (this == EMPTY) {
        newRuns = new LinkedHashMap<>();
        newChecksums = new HashMap<>();
      } else {
        usedUp = true;
        newRuns = runs;
        newChecksums = checksums;
      }
      long first = firstId;
      long last = lastId;
      String lastText = lastRow;
      int read = 0;
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        statement.setLong(1, lastId);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            read++;
            last = row.getLong(1);
            if (first == 0) {
              first = last;
            }
            String id = row.getString(2);
            String action = row.getString(3);
            lastText = id + " " + action;
            switch (action) {
              case STAMP -> newRuns.clear(); // a stamp sets the state by hand
              case UPGRADE, DOWNGRADE, SKIP_UPGRADE, SKIP_DOWNGRADE -> {
                newRuns.remove(id); // keep the order of each revision's last run
                newRuns.put(id, UPGRADE.equals(action) || SKIP_UPGRADE.equals(action));
              }
              default -> {}
            }
            if (UPGRADE.equals(action) || ACCEPT.equals(action)) {
              newChecksums.put(id, row.getString(4));
            }
          }
        }
      }
      return new Summary(
          first, last, lastText, newRuns, newChecksums, this == EMPTY ? null : token, read);
    }
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
