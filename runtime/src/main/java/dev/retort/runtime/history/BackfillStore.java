package dev.retort.runtime.history;

import dev.retort.runtime.BackfillProgress;
import dev.retort.runtime.Direction;
import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The single owner of the backfill progress table: one row per backfill that has committed a
 * chunk and whose revision is not yet recorded. Each row is written in the transaction of the chunk
 * it counts, so a killed run resumes exactly after its last committed chunk, and deleted in the
 * transaction that records the revision.
 *
 * <p>The table sits beside the version table, in its schema: {@code retort_version} gives {@code
 * retort_backfill}, a name ending in {@code _version} has that ending replaced, any other name
 * gets {@code _backfill} appended.
 */
public final class BackfillStore {
  private final Dialect dialect;
  private final Connection connection;
  private final String table;

  public BackfillStore(Dialect dialect, Connection connection, String table) {
    this.dialect = dialect;
    this.connection = connection;
    this.table = table;
  }

  /** The progress table's name for {@code versionTable}, schema-qualified as it is. */
  public static String tableFor(String versionTable) {
    return versionTable.endsWith("_version")
        ? versionTable.substring(0, versionTable.length() - "_version".length()) + "_backfill"
        : versionTable + "_backfill";
  }

  /** The progress of one backfill as the last committed chunk left it. */
  public record Saved(String lastKey, long rowsDone, long chunksDone, boolean done) {}

  /** The progress table's name. */
  public String table() {
    return table;
  }

  /** Creates the progress table if it does not exist. */
  public void create() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createBackfillTable(table));
    }
  }

  /** The saved progress of one backfill, if a chunk of it was committed. */
  public Optional<Saved> read(String revisionId, Direction direction, String name)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.selectBackfill(table))) {
      statement.setString(1, revisionId);
      statement.setString(2, direction(direction));
      statement.setString(3, name);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new Saved(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getBoolean(4)));
      }
    }
  }

  /** Writes one backfill's progress; inside the transaction of the chunk it counts. */
  public void save(String revisionId, Direction direction, String name, Saved progress)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.saveBackfill(table))) {
      statement.setString(1, revisionId);
      statement.setString(2, direction(direction));
      statement.setString(3, name);
      statement.setString(4, progress.lastKey());
      statement.setLong(5, progress.rowsDone());
      statement.setLong(6, progress.chunksDone());
      statement.setBoolean(7, progress.done());
      statement.executeUpdate();
    }
  }

  /**
   * Deletes the progress rows of {@code revisionId}; inside the transaction that records it, and
   * only once the table exists (a backfill of the revision created it): on PostgreSQL a missing
   * table aborts the transaction.
   */
  public void clear(String revisionId) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement(dialect.deleteBackfills(table))) {
      statement.setString(1, revisionId);
      statement.executeUpdate();
    }
  }

  /** Every progress row; empty when the table does not exist. Outside a transaction only. */
  public List<BackfillProgress> rows() throws SQLException {
    List<BackfillProgress> result = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectBackfills(table))) {
      while (rows.next()) {
        result.add(
            new BackfillProgress(
                rows.getString(1),
                Direction.valueOf(rows.getString(2).toUpperCase(Locale.ROOT)),
                rows.getString(3),
                rows.getString(4),
                rows.getLong(5),
                rows.getLong(6),
                rows.getBoolean(7),
                dialect.historyTime(rows, 8),
                dialect.historyTime(rows, 9)));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        return List.of();
      }
      throw e;
    }
    return List.copyOf(result);
  }

  private static String direction(Direction direction) {
    return direction == Direction.UPGRADE ? HistoryStore.UPGRADE : HistoryStore.DOWNGRADE;
  }
}
