package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.AppliedRevision;
import dev.retort.runtime.Direction;
import dev.retort.runtime.Migration;
import dev.retort.runtime.MigrationListener;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.dialect.ForeignKeysEnabledException;
import dev.retort.runtime.dialect.SqliteDialect;
import dev.retort.runtime.history.HistoryStore;
import dev.retort.runtime.lock.MigrationLock;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one command's planned revisions. A transactional revision runs in one transaction with its
 * version-row and history-row changes. A revision marked {@code transactional = false} runs in
 * auto-commit mode under {@link MigrationLock#holdOutsideTransaction()}, and a transaction after it
 * records it. A revision for another database is recorded without running.
 *
 * <p>Every transaction reads the version table first: on SQLite the lock is the transaction's own,
 * so another process may have run revisions since the last one here, and what it did is skipped.
 */
final class RevisionRunner {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final Session session;
  private final MigrationLock lock;
  private final RevisionGraph graph;
  private final RevisionRegistry registry;
  private final Direction direction;
  private final String versionTable;
  private AppliedState state;
  private boolean tablesReady;
  private final RevisionGuard guard;
  private RevisionPrefetch prefetch; // while run() runs a plan of more than one revision
  private int position; // of the revision running, in that plan

  RevisionRunner(
      Session session,
      MigrationLock lock,
      RevisionGraph graph,
      RevisionRegistry registry,
      Direction direction,
      AppliedState state,
      String versionTable,
      RevisionGuard guard) {
    this.session = session;
    this.guard = guard;
    this.lock = lock;
    this.graph = graph;
    this.registry = registry;
    this.direction = direction;
    this.state = state;
    this.versionTable = versionTable;
  }

  /**
   * Runs {@code plan} in order, telling {@code listener} about each revision once committed;
   * returns the revisions this process ran.
   */
  List<AppliedRevision> run(int[] plan, MigrationListener listener) throws SQLException {
    List<AppliedRevision> applied = new ArrayList<>(plan.length);
    try (RevisionPrefetch prefetch = RevisionPrefetch.start(registry, plan)) {
      this.prefetch = prefetch;
      for (int position = 0; position < plan.length; position++) {
        this.position = position;
        AppliedRevision revision = step(plan[position]);
        if (revision != null) {
          applied.add(revision);
          listener.revisionApplied(revision);
        }
      }
    } finally {
      prefetch = null;
    }
    return applied;
  }

  /** The applied state as the revisions run so far left it. */
  AppliedState state() {
    return state;
  }

  private boolean upgrading() {
    return direction == Direction.UPGRADE;
  }

  /**
   * Runs one revision. On SQLite, a table rebuild needs foreign keys off, which only works outside
   * a transaction: when the revision meets {@link ForeignKeysEnabledException}, it was rolled back,
   * and runs again with foreign keys off, switched back on afterwards.
   */
  private AppliedRevision step(int index) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      try {
        return stepWithForeignKeys(index);
      } catch (RevisionFailedException e) {
        if (!guard.retry(graph.info(index), e, attempt)) {
          throw e;
        }
        // A failed version-row write may have moved the in-memory state: read it again.
        state = AppliedState.of(graph, session.store.read(), versionTable);
      }
    }
  }

  private AppliedRevision stepWithForeignKeys(int index) throws SQLException {
    try {
      return stepOnce(index);
    } catch (ForeignKeysEnabledException e) {
      if (!(session.dialect instanceof SqliteDialect sqlite)) {
        throw e;
      }
      LOG.log(
          DEBUG, "{0}: running again with foreign keys off for a table rebuild", graph.id(index));
      setForeignKeys(sqlite, false);
      try {
        return stepOnce(index);
      } finally {
        setForeignKeys(sqlite, true);
      }
    }
  }

  private void setForeignKeys(SqliteDialect sqlite, boolean on) throws SQLException {
    try (Statement statement = session.connection.createStatement()) {
      statement.execute(sqlite.setForeignKeys(on));
    }
  }

  private AppliedRevision stepOnce(int index) throws SQLException {
    long started = System.nanoTime();
    RevisionInfo info = graph.info(index);
    if (!info.runsOn(session.dialect.database())) {
      return skip(index, started);
    }
    // Outside any transaction: a rollback of this revision must not undo it.
    guard.useCommandTimeouts();
    if (!info.transactional()) {
      try (MigrationLock.Held held = lock.holdOutsideTransaction()) {
        return runOutsideTransaction(index, started);
      }
    }
    List<String> rows =
        lock.inTransaction(
            session.connection,
            () -> {
              List<String> read = prepare(index);
              if (read != null) {
                guard.setLocal(info);
                execute(index, read, false);
                record(index, read, started);
              }
              return read;
            });
    // Only now: a rolled-back transaction (the foreign-keys retry) takes the tables with it.
    tablesReady = true;
    return rows == null ? alreadyDone(info) : finished(info, started, false);
  }

  /**
   * Runs a revision marked {@code transactional = false}: statements such as CREATE INDEX
   * CONCURRENTLY refuse a transaction. The caller holds the migration lock across the whole of it,
   * so no other process runs it between the read that decides to run it and the transaction that
   * records it.
   */
  private AppliedRevision runOutsideTransaction(int index, long started) throws SQLException {
    RevisionInfo info = graph.info(index);
    boolean[] interrupted = new boolean[1];
    List<String> rows =
        lock.inTransaction(
            session.connection,
            () -> {
              List<String> read = prepare(index);
              if (read != null) {
                interrupted[0] = startOutsideTransaction(info);
              }
              return read;
            });
    tablesReady = true;
    if (rows == null) {
      return alreadyDone(info);
    }
    boolean backfilled;
    try (RevisionGuard.Restore restore = guard.setForSession(info)) {
      backfilled = execute(index, rows, interrupted[0]);
    }
    lock.inTransaction(
        session.connection,
        () -> {
          if (backfilled) {
            // The backfills' progress goes with the version-row change: a kill before this commit
            // finds every backfill marked done, and a later downgrade and upgrade start afresh.
            session.backfills().clear(info.id());
          }
          List<String> again = prepare(index);
          if (again == null) {
            // Only a process that does not take the lock (an older Retort) can get here.
            LOG.log(
                WARNING,
                "{0}: another process recorded this revision while it ran here outside a"
                    + " transaction",
                info.id());
          } else {
            record(index, again, started);
          }
          return null;
        });
    return finished(info, started, false);
  }

  /**
   * Records that a revision outside a transaction starts, so that a run killed halfway leaves a
   * trace; returns whether an earlier run started it and did not finish, which the log says.
   */
  private boolean startOutsideTransaction(RevisionInfo info) throws SQLException {
    String start = upgrading() ? HistoryStore.START_UPGRADE : HistoryStore.START_DOWNGRADE;
    boolean interrupted = start.equals(session.history.lastRun(info.id()));
    if (interrupted) {
      LOG.log(
          WARNING,
          "{0}: an earlier run started this {1} outside a transaction and did not finish; running"
              + " it again (a backfill resumes after its last committed chunk, an invalid index its"
              + " CREATE INDEX CONCURRENTLY left is built again)",
          info.id(),
          upgrading() ? "upgrade" : "downgrade");
    }
    session.history.record(new HistoryStore.Entry(info.id(), start, info.checksum(), 0));
    // Releases the prepared insert: SQLite refuses VACUUM while a statement is still open.
    session.history.close();
    return interrupted;
  }

  private AppliedRevision alreadyDone(RevisionInfo info) {
    LOG.log(INFO, "{0}: already {1} by another process", info.id(), done());
    return null;
  }

  private AppliedRevision finished(RevisionInfo info, long started, boolean skipped) {
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (LOG.isLoggable(DEBUG)) {
      String line =
          info.id() + ": " + done() + " " + info.simpleName() + " in " + took.toMillis() + " ms";
      RevisionLog.log(LOG, DEBUG, RevisionRunner.class, "finished", line);
    }
    return new AppliedRevision(info.id(), info.message(), direction, took, skipped);
  }

  /**
   * Records a revision whose {@code @Revision(dialects = ...)} does not name the connected database
   * as done, without running it: its version row moves as if it had run, and its history row says
   * that it was skipped.
   */
  private AppliedRevision skip(int index, long started) throws SQLException {
    RevisionInfo info = graph.info(index);
    List<String> rows =
        lock.inTransaction(
            session.connection,
            () -> {
              List<String> read = prepare(index);
              if (read != null) {
                record(
                    index,
                    read,
                    started,
                    upgrading() ? HistoryStore.SKIP_UPGRADE : HistoryStore.SKIP_DOWNGRADE);
              }
              return read;
            });
    tablesReady = true;
    if (rows == null) {
      return alreadyDone(info);
    }
    LOG.log(
        INFO,
        "{0}: not running {1} {2} ({3}): {4}",
        info.id(),
        upgrading() ? "upgrade" : "downgrade",
        info.simpleName(),
        info.message(),
        Messages.forAnotherDatabase(info, session.dialect, done()));
    return finished(info, started, true);
  }

  /**
   * Reads the version table inside the current transaction. Returns null when another process has
   * already done {@code index}; throws when the revisions it depends on are not in place.
   */
  private List<String> prepare(int index) throws SQLException {
    if (!tablesReady) {
      session.createTables();
    }
    // Under a lock held for the whole command nothing else moves the table, and the version-row
    // write below checks that the rows are still where this process left them.
    List<String> rows = state.heads();
    if (!lock.isHeldForCommand()) {
      rows = session.store.read();
      if (!rows.equals(state.heads())) {
        state = AppliedState.of(graph, rows, versionTable);
      }
    }
    if (state.isApplied(index) == upgrading()) {
      return null;
    }
    int missing = state.unmetDependency(index, upgrading());
    if (missing >= 0) {
      throw new RetortException(
          Messages.unmetDependency(graph, index, missing, upgrading(), versionTable, rows));
    }
    return rows;
  }

  /**
   * Runs the revision's code; turns its failure into a message naming the revision. Returns whether
   * it ran a backfill.
   */
  private boolean execute(int index, List<String> rows, boolean interrupted) {
    RevisionInfo info = graph.info(index);
    if (LOG.isLoggable(INFO)) {
      String line =
          info.id()
              + ": running "
              + (upgrading() ? "upgrade " : "downgrade ")
              + info.simpleName()
              + " ("
              + info.message()
              + ")"
              + (info.transactional() ? "" : " outside a transaction");
      RevisionLog.log(LOG, INFO, RevisionRunner.class, "execute", line);
    }
    try (RevisionGuard.Watch watch = guard.watch(info)) {
      Migration migration =
          prefetch != null && position > 0 ? prefetch.take(position) : registry.create(index);
      Backfiller backfiller =
          info.transactional()
              ? null
              : new Backfiller(
                  session.connection,
                  session.dialect,
                  lock,
                  session.backfills().table(),
                  info,
                  direction);
      JdbcOperations operations =
          new JdbcOperations(session.connection, session.dialect, info, backfiller);
      operations.beforeEachStatement(guard.beforeEachStatement(info, interrupted));
      if (upgrading()) {
        migration.upgrade(operations);
      } else {
        migration.downgrade(operations);
      }
      return backfiller != null && backfiller.ran();
    } catch (ForeignKeysEnabledException e) {
      throw e; // not a failure: step() runs the revision again with foreign keys off
    } catch (Exception e) {
      throw revisionFailed(info, rows, e);
    }
  }

  /** Writes the version-row change for {@code index} and the history row that records it. */
  private void record(int index, List<String> rows, long started) {
    record(index, rows, started, upgrading() ? HistoryStore.UPGRADE : HistoryStore.DOWNGRADE);
  }

  private void record(int index, List<String> rows, long started, String action) {
    RevisionInfo info = graph.info(index);
    try {
      AppliedState.RowChange change = upgrading() ? state.upgrade(index) : state.downgrade(index);
      HistoryStore.Entry entry =
          new HistoryStore.Entry(
              info.id(), action, info.checksum(), (System.nanoTime() - started) / 1_000_000);
      if (!session.store.update(change.remove(), change.add(), entry)) {
        throw new RetortException(Messages.rowsMoved(versionTable, change.remove(), info));
      }
    } catch (SQLException e) {
      throw revisionFailed(info, rows, e);
    }
  }

  private RevisionFailedException revisionFailed(
      RevisionInfo info, List<String> rows, Exception e) {
    String statement = null;
    String sqlState = null;
    String hint = null;
    String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
    SQLException sql = null;
    if (e instanceof StatementFailedException failed) {
      statement = failed.statement();
      hint = failed.hint().orElse(null);
      sql = failed.getCause();
    } else if (e instanceof SQLException thrown) {
      sql = thrown;
    }
    String notTheRevision = null;
    String verb = upgrading() ? "upgrade" : "downgrade";
    String timedOut = null;
    if (sql != null) {
      sqlState = sql.getSQLState();
      cause = Messages.databaseSaid(sql);
      timedOut = guard.explain(info, sql, verb);
      if (timedOut == null) {
        notTheRevision = Messages.notTheRevision(session.dialect, sql, session.database());
      }
    }
    String message =
        "revision "
            + info.id()
            + " ("
            + info.className()
            + ") failed to "
            + verb
            + (info.transactional()
                ? " and was rolled back; the database is still at " + Messages.rows(rows)
                : " outside a transaction (transactional = false): the statements it ran before"
                    + " the failure stay applied, and the version table still reads "
                    + Messages.rows(rows))
            + (statement == null ? "" : "\n  statement: " + Messages.abbreviate(statement))
            + "\n  "
            + (statement == null && sqlState == null ? "cause: " : "database said: ")
            + cause
            + (hint == null ? "" : "\n  " + hint)
            + "\n  "
            + (timedOut != null
                ? timedOut
                : notTheRevision != null
                ? "the revision is not at fault: " + notTheRevision
                : info.transactional()
                    ? "fix the revision, then run " + verb + " again"
                    : "make its statements safe to run again (IF NOT EXISTS / IF EXISTS), fix it,"
                        + " then run "
                        + verb
                        + " again");
    return new RevisionFailedException(
        message, info.id(), info.className(), statement, sqlState, e);
  }

  private String done() {
    return upgrading() ? "upgraded" : "downgraded";
  }
}
