package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.INFO;

import dev.retort.runtime.Direction;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.history.BackfillStore;
import dev.retort.runtime.lock.MigrationLock;
import dev.retort.runtime.ops.Backfill;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the backfills of one revision run outside a transaction ({@code transactional = false}), on
 * the revision's connection, in auto-commit mode between chunks. Each chunk is one transaction
 * through the command's {@link MigrationLock} (BEGIN IMMEDIATE on SQLite, so the chunk's read and
 * write see the same snapshot): read the next chunk's keys after the saved last key, update or copy
 * the rows in that key range, save the new last key, commit. A kill loses at most the chunk in
 * flight, which rolls back with its progress row.
 */
final class Backfiller {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final Connection connection;
  private final Dialect dialect;
  private final MigrationLock lock;
  private final BackfillStore store;
  private final RevisionInfo revision;
  private final Direction direction;
  private final Set<String> names = new HashSet<>();
  private boolean tableReady;

  Backfiller(
      Connection connection,
      Dialect dialect,
      MigrationLock lock,
      String progressTable,
      RevisionInfo revision,
      Direction direction) {
    this.connection = connection;
    this.dialect = dialect;
    this.lock = lock;
    this.store = new BackfillStore(dialect, connection, progressTable);
    this.revision = revision;
    this.direction = direction;
  }

  /** Whether a backfill ran, so that the transaction recording the revision clears its rows. */
  boolean ran() {
    return !names.isEmpty();
  }

  /** Runs {@code backfill} to its end, resuming after its saved last key; returns rows done. */
  long run(Backfill backfill) throws SQLException, InterruptedException {
    String name = backfill.name();
    if (backfill.keys().isEmpty()) {
      throw new IllegalArgumentException(Messages.backfillWithoutKey(revision, name));
    }
    if (!names.add(name)) {
      throw new IllegalArgumentException(Messages.backfillNamedTwice(revision, name));
    }
    if (!tableReady) {
      store.create();
      tableReady = true;
    }
    Optional<BackfillStore.Saved> saved = store.read(revision.id(), direction, name);
    Progress progress =
        saved
            .map(s -> new Progress(s.lastKey(), s.rowsDone(), s.chunksDone(), s.done()))
            .orElse(new Progress(null, 0, 0, false));
    String id = revision.id();
    if (progress.done) {
      LOG.log(
          INFO,
          "{0}: backfill {1}: already done, {2} rows in {3} chunks",
          id,
          name,
          Long.toString(progress.rows),
          Long.toString(progress.chunks));
      return progress.rows;
    }
    if (progress.lastKey == null) {
      LOG.log(
          INFO,
          "{0}: backfill {1}: starting, chunks of {2} rows by key {3}",
          id,
          name,
          Integer.toString(backfill.chunkSize()),
          String.join(", ", backfill.keys()));
    } else {
      LOG.log(
          INFO,
          "{0}: backfill {1}: resuming after key {2}, {3} rows in {4} chunks done before",
          id,
          name,
          progress.lastKey,
          Long.toString(progress.rows),
          Long.toString(progress.chunks));
    }
    long started = System.nanoTime();
    long lastLog = started;
    long rowsBefore = progress.rows;
    long logEvery = backfill.logEvery().toNanos();
    while (true) {
      Progress before = progress;
      progress = lock.inTransaction(connection, () -> chunk(backfill, before));
      long now = System.nanoTime();
      long rowsThisRun = progress.rows - rowsBefore;
      if (progress.done) {
        LOG.log(
            INFO,
            "{0}: backfill {1}: done, {2} rows in {3} chunks, {4} rows/s",
            id,
            name,
            Long.toString(progress.rows),
            Long.toString(progress.chunks),
            rate(rowsThisRun, now - started));
        return progress.rows;
      }
      if (now - lastLog >= logEvery) {
        lastLog = now;
        LOG.log(
            INFO,
            "{0}: backfill {1}: {2} rows in {3} chunks, {4} rows/s, last key {5}",
            id,
            name,
            Long.toString(progress.rows),
            Long.toString(progress.chunks),
            rate(rowsThisRun, now - started),
            progress.lastKey);
      }
      throttle(backfill, rowsThisRun, now - started);
    }
  }

  /** The progress after a chunk; what the progress row holds once its transaction commits. */
  private record Progress(String lastKey, long rows, long chunks, boolean done) {}

  /** One chunk, inside its transaction. */
  private Progress chunk(Backfill backfill, Progress before) throws SQLException {
    List<Object> lower = before.lastKey == null ? null : BackfillKeys.decode(before.lastKey);
    List<String> keys = backfill.keys();
    if (lower != null && lower.size() != keys.size()) {
      throw new RetortException(
          Messages.backfillKeyChanged(revision, backfill.name(), before.lastKey, keys, store.table()));
    }
    // 1. The next chunk's keys: keyset pagination, so each chunk costs the same.
    String select =
        dialect.backfillKeys(
            backfill.table(), keys, lower != null, backfill.where(), backfill.chunkSize());
    List<Object> upper = null;
    int count = 0;
    try (PreparedStatement statement = connection.prepareStatement(select)) {
      int next = bindKey(statement, 1, lower);
      bindParameters(statement, next, backfill.whereParameters());
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          count++;
          // The last row's key bounds the chunk; only it is kept.
          upper = new ArrayList<>(keys.size());
          for (int i = 1; i <= keys.size(); i++) {
            upper.add(rows.getObject(i));
          }
        }
      }
    } catch (SQLException e) {
      throw new StatementFailedException(select, e, resumeHint(backfill, before, select, e));
    }
    if (count == 0) {
      BackfillStore.Saved done =
          new BackfillStore.Saved(before.lastKey, before.rows, before.chunks, true);
      store.save(revision.id(), direction, backfill.name(), done);
      return new Progress(before.lastKey, before.rows, before.chunks, true);
    }
    String upperKey = BackfillKeys.encode(upper, keys, backfill.table());
    // 2. The chunk's rows: those after the last chunk and up to this one's last key.
    String sql =
        backfill.kind() == Backfill.Kind.UPDATE
            ? dialect.backfillUpdate(
                backfill.table(), backfill.sql(), keys, lower != null, backfill.where())
            : dialect.backfillCopy(
                backfill.table(),
                backfill.target(),
                backfill.columns(),
                backfill.sql(),
                keys,
                lower != null,
                backfill.where());
    long changed;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = bindParameters(statement, 1, backfill.parameters());
      next = bindKey(statement, next, lower);
      next = bindKey(statement, next, BackfillKeys.decode(upperKey));
      bindParameters(statement, next, backfill.whereParameters());
      changed = statement.executeUpdate();
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e, resumeHint(backfill, before, sql, e));
    }
    // 3. The progress, in the chunk's transaction. A short chunk is the last one.
    boolean done = count < backfill.chunkSize();
    Progress after = new Progress(upperKey, before.rows + changed, before.chunks + 1, done);
    store.save(
        revision.id(),
        direction,
        backfill.name(),
        new BackfillStore.Saved(after.lastKey, after.rows, after.chunks, after.done));
    return after;
  }

  /** The dialect's advice for a statement it never runs, or where the next run resumes. */
  private Optional<String> resumeHint(
      Backfill backfill, Progress before, String sql, SQLException e) {
    Optional<String> refusal = dialect.refusalHint(sql, e);
    if (refusal.isPresent()) {
      return refusal;
    }
    return Optional.of(
        Messages.backfillChunkRolledBack(
            backfill.name(),
            before.lastKey,
            before.rows,
            direction == Direction.UPGRADE ? "upgrade" : "downgrade"));
  }

  private int bindKey(PreparedStatement statement, int first, List<Object> key)
      throws SQLException {
    if (key == null) {
      return first;
    }
    int index = first;
    for (Object value : key) {
      if (value instanceof String text) {
        statement.setString(index++, text);
      } else if (value instanceof BigDecimal decimal) {
        statement.setBigDecimal(index++, decimal);
      } else {
        statement.setLong(index++, ((Number) value).longValue());
      }
    }
    return index;
  }

  private int bindParameters(PreparedStatement statement, int first, List<Object> parameters)
      throws SQLException {
    int index = first;
    for (Object value : parameters) {
      dialect.bind(statement, index, "parameter " + (index - first + 1), null, value);
      index++;
    }
    return index;
  }

  /** Sleeps for the pause between chunks, or longer to keep to the rate limit. */
  private static void throttle(Backfill backfill, long rows, long elapsedNanos)
      throws InterruptedException {
    long sleep = backfill.pause().toMillis();
    if (backfill.maxRowsPerSecond() > 0) {
      long due = rows * 1_000 / backfill.maxRowsPerSecond();
      sleep = Math.max(sleep, due - elapsedNanos / 1_000_000);
    }
    if (sleep > 0) {
      Thread.sleep(sleep);
    }
  }

  private static String rate(long rows, long nanos) {
    return nanos <= 0 ? Long.toString(rows) : Long.toString(rows * 1_000_000_000L / nanos);
  }
}
