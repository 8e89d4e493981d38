package dev.retort.runtime.history;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.internal.Messages;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The single owner of the version table: one row per applied head, like Alembic's {@code
 * alembic_version}. Every change to it happens inside the transaction of the revision that caused
 * it, together with the history row that records it.
 *
 * <p>One instance serves one command's connection and keeps its statements prepared for the length
 * of the command, so that a thousand revisions do not prepare two thousand statements; {@link
 * #close} releases them.
 */
public final class VersionStore implements AutoCloseable {
  private final Dialect dialect;
  private final Connection connection;
  private final String table;
  private final HistoryStore history;
  private final String updateSql;
  private final String updateAppendingHistorySql;
  private final List<PreparedStatement> prepared = new ArrayList<>(4);
  private PreparedStatement update;
  private PreparedStatement updateAppendingHistory;
  private PreparedStatement delete;
  private PreparedStatement insert;

  /** {@code history} is the history table that every version-row change is recorded in. */
  public VersionStore(Dialect dialect, Connection connection, String table, HistoryStore history) {
    this.dialect = dialect;
    this.connection = connection;
    this.table = table;
    this.history = history;
    this.updateSql = dialect.updateVersion(table);
    this.updateAppendingHistorySql = dialect.updateVersionAppendingHistory(table, history.table());
  }

  /** The version table's name. */
  public String table() {
    return table;
  }

  /**
   * The ids in the version table, sorted; empty when the table does not exist yet. Outside a
   * transaction only on PostgreSQL, where reading a missing table would abort the transaction.
   *
   * @throws RetortException when the table's schema (setting versionTableSchema) does not exist:
   *     that is a setting to fix, not a database never migrated
   */
  public List<String> read() throws SQLException {
    List<String> ids = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectVersions(table))) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        checkSchema();
        return List.of();
      }
      throw e;
    }
    Collections.sort(ids);
    return ids;
  }

  /**
   * Throws when the table is schema-qualified and its schema does not exist. Runs only once the
   * table has been found missing, so the at-head read stays one query.
   */
  private void checkSchema() throws SQLException {
    int dot = table.indexOf('.');
    if (dot < 0) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(dialect.selectSchema())) {
      statement.setString(1, table.substring(0, dot));
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          throw new RetortException(Messages.unknownSchema(dialect, table));
        }
      }
    }
  }

  /**
   * The version rows and the digests recorded on them, in one query: the start-up read. Null when
   * the table lacks the digest column (created by an earlier Retort, or by Alembic), which the
   * locked path adds; empty rows when the table does not exist.
   */
  public Recorded readRecorded() throws SQLException {
    List<String> ids = new ArrayList<>();
    Set<String> digests = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectVersionsAndDigests(table))) {
      while (rows.next()) {
        ids.add(rows.getString(1));
        digests.add(rows.getString(2));
      }
    } catch (SQLException e) {
      if (dialect.isUndefinedTable(e)) {
        checkSchema();
        return new Recorded(List.of(), Set.of());
      }
      if (dialect.isUndefinedColumn(e)) {
        return null;
      }
      throw e;
    }
    Collections.sort(ids);
    return new Recorded(List.copyOf(ids), digests);
  }

  /** The version rows, sorted, and the set of digests on them (null for a row without one). */
  public record Recorded(List<String> ids, Set<String> digests) {
    /**
     * True when every row carries {@code digest}. A registry without a digest matches any rows, and
     * any registry matches no rows, where nothing is applied that could have changed.
     */
    public boolean isVerifiedBy(String digest) {
      return digest == null
          || ids.isEmpty()
          || (digests.size() == 1 && digest.equals(digests.iterator().next()));
    }
  }

  /**
   * Creates the version table if it does not exist, and adds the digest column to one that lacks
   * it: the one-time upgrade of a table from an earlier Retort, or Alembic's.
   */
  public void create() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(dialect.createVersionTable(table));
    }
    boolean hasDigest;
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(dialect.selectDigestColumn(table))) {
      hasDigest = rows.next();
    }
    if (!hasDigest) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(dialect.addDigestColumn(table));
      }
    }
  }

  /** Records {@code digest} on every row; the caller has verified the applied checksums. */
  public void recordDigest(String digest) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.updateDigests(table))) {
      statement.setString(1, digest);
      statement.executeUpdate();
    }
  }

  /**
   * Deletes the rows {@code remove}, inserts the rows {@code add} and appends {@code entry} to the
   * history: one UPDATE when one row replaces another, the common step of a chain, which on
   * PostgreSQL also carries the history row in the same statement.
   *
   * @return false when a row of {@code remove} was not there: the table is not what this process
   *     recorded, and the caller must not commit
   */
  public boolean update(Collection<String> remove, Collection<String> add, HistoryStore.Entry entry)
      throws SQLException {
    if (remove.size() == 1 && add.size() == 1) {
      String to = add.iterator().next();
      String from = remove.iterator().next();
      if (updateAppendingHistorySql != null) {
        if (updateAppendingHistory == null) {
          updateAppendingHistory = prepare(updateAppendingHistorySql);
        }
        updateAppendingHistory.setString(1, to);
        updateAppendingHistory.setString(2, from);
        HistoryStore.bind(updateAppendingHistory, 3, entry);
        if (updateAppendingHistory.executeUpdate() != 1) {
          return false;
        }
        history.noteWritten(entry);
        return true;
      }
      if (update == null) {
        update = prepare(updateSql);
      }
      update.setString(1, to);
      update.setString(2, from);
      if (update.executeUpdate() != 1) {
        return false;
      }
      history.record(entry);
      return true;
    }
    boolean found = deleteAndInsert(remove, add);
    if (found) {
      history.record(entry);
    }
    return found;
  }

  private boolean deleteAndInsert(Collection<String> remove, Collection<String> add)
      throws SQLException {
    boolean found = true;
    if (!remove.isEmpty()) {
      if (delete == null) {
        delete = prepare(dialect.deleteVersion(table));
      }
      for (String id : remove) {
        delete.setString(1, id);
        found &= delete.executeUpdate() == 1;
      }
    }
    if (!add.isEmpty()) {
      if (insert == null) {
        insert = prepare(dialect.insertVersion(table));
      }
      for (String id : add) {
        insert.setString(1, id);
        insert.executeUpdate();
      }
    }
    return found;
  }

  /** One statement and its parameters, for an offline script, which writes them as literals. */
  public record Bound(String sql, List<Object> parameters) {
    public Bound {
      parameters = Collections.unmodifiableList(new ArrayList<>(parameters));
    }
  }

  /**
   * The statements that create the version and history tables, for an offline script that starts
   * from an empty database.
   */
  public static List<Bound> createStatements(Dialect dialect, String table, String historyTable) {
    return List.of(
        new Bound(dialect.createVersionTable(table), List.of()),
        new Bound(dialect.createHistoryTable(historyTable), List.of()));
  }

  /**
   * The statements of {@link #update} for the same change, for an offline script: an UPDATE when
   * one row replaces another, else the DELETEs and INSERTs; then the history row. A script cannot
   * check update counts, so it uses the plain UPDATE also where PostgreSQL online folds the history
   * row into it.
   */
  public static List<Bound> updateStatements(
      Dialect dialect,
      String table,
      String historyTable,
      Collection<String> remove,
      Collection<String> add,
      HistoryStore.Entry entry) {
    List<Bound> statements = new ArrayList<>();
    if (remove.size() == 1 && add.size() == 1) {
      statements.add(
          new Bound(
              dialect.updateVersion(table),
              List.of(add.iterator().next(), remove.iterator().next())));
    } else {
      for (String id : remove) {
        statements.add(new Bound(dialect.deleteVersion(table), List.of(id)));
      }
      for (String id : add) {
        statements.add(new Bound(dialect.insertVersion(table), List.of(id)));
      }
    }
    statements.add(new Bound(dialect.insertHistory(historyTable), HistoryStore.parameters(entry)));
    return statements;
  }

  /** Replaces every row with {@code ids}; the caller records why in the history. */
  public void replace(Collection<String> ids) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(dialect.deleteAllVersions(table));
    }
    deleteAndInsert(List.of(), ids);
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    prepared.add(statement);
    return statement;
  }

  /** Closes the prepared statements; the connection stays open. */
  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : prepared) {
      try {
        statement.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    prepared.clear();
    if (failure != null) {
      throw failure;
    }
  }
}
