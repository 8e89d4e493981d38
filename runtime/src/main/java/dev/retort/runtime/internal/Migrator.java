package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.AcceptedChecksum;
import dev.retort.runtime.AppliedRevision;
import dev.retort.runtime.CurrentRevisions;
import dev.retort.runtime.DatabaseStateException;
import dev.retort.runtime.Direction;
import dev.retort.runtime.HistoryEntry;
import dev.retort.runtime.HistoryRow;
import dev.retort.runtime.InvalidTargetException;
import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.MigrationListener;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.StampResult;
import dev.retort.runtime.ValidationResult;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.history.HistoryStore;
import dev.retort.runtime.history.VersionStore;
import dev.retort.runtime.lock.MigrationLock;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Runs the commands of {@link dev.retort.runtime.Retort}: plans from the version table, then runs
 * each revision in its own transaction together with its version-row change, under the migration
 * lock.
 */
public final class Migrator {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final DataSource dataSource;
  private final RevisionRegistry registry;
  private final String versionTable;
  private final String historyTable;
  private final Duration lockTimeout;
  private final Dialect dialect;
  private final GuardSettings guards;
  private volatile RevisionGraph graph;
  // The history as the last command read it: the next reads only what was appended since.
  private final AtomicReference<HistoryStore.Summary> historySeen =
      new AtomicReference<>();
  // The database as the last command left it, for the next one's check; see checkedState.
  private final AtomicReference<Left> left = new AtomicReference<>();
  // The last command's database, for messages after its connection is closed.
  private volatile Dialect lastDialect;
  private volatile String lastDatabase;

  public Migrator(
      DataSource dataSource,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      Duration lockTimeout,
      Dialect dialect) {
    this(
        dataSource,
        registry,
        versionTable,
        historyTable,
        lockTimeout,
        dialect,
        GuardSettings.DEFAULTS);
  }

  public Migrator(
      DataSource dataSource,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      Duration lockTimeout,
      Dialect dialect,
      GuardSettings guards) {
    this.guards = guards;
    this.dataSource = dataSource;
    this.registry = registry;
    this.versionTable = versionTable;
    this.historyTable = historyTable;
    this.lockTimeout = lockTimeout;
    this.dialect = dialect;
  }

  /** The indexed graph, built on first need: the at-head path never builds it. */
  public RevisionGraph graph() {
    RevisionGraph result = graph;
    if (result == null) {
      result = RevisionGraph.of(registry);
      graph = result;
    }
    return result;
  }

  public MigrationResult upgrade(String targetText, MigrationListener listener) {
    Target target = Target.parse(targetText);
    try (Session session = open()) {
      // The start-up path: one read, and no graph built and no revision class loaded when at
      // head and the rows carry this build's digest, which a build writes only after finding
      // every applied checksum unchanged. Anything else takes the locked path, which checks them.
      VersionStore.Recorded recorded;
      Duration waited = Duration.ZERO;
      long started = System.nanoTime();
      try {
        recorded = session.store.readRecorded();
      } catch (SQLException e) {
        if (!session.dialect.isLockConflict(e)) {
          throw e;
        }
        // Another process is writing (SQLite readers wait only on the driver's busy timeout):
        // take the locked path, which waits what is left of lockTimeout and reads again.
        recorded = null;
        waited = Duration.ofNanos(System.nanoTime() - started);
      }
      if (target instanceof Target.Head
          && recorded != null
          && registry.heads().equals(recorded.ids())
          && recorded.isVerifiedBy(registry.digest())) {
        List<String> rows = recorded.ids();
        LOG.log(DEBUG, "{0} is at head {1}; nothing to upgrade", versionTable, rows);
        return new MigrationResult(Direction.UPGRADE, rows, rows, List.of());
      }
      return migrate(session, target, Direction.UPGRADE, waited, listener);
    } catch (SQLException e) {
      throw databaseError("upgrade", e);
    }
  }

  public MigrationResult downgrade(String targetText, MigrationListener listener) {
    Target target = Target.parse(targetText);
    try (Session session = open()) {
      return migrate(session, target, Direction.DOWNGRADE, Duration.ZERO, listener);
    } catch (SQLException e) {
      throw databaseError("downgrade", e);
    }
  }

  private MigrationResult migrate(
      Session session,
      Target target,
      Direction direction,
      Duration waited,
      MigrationListener listener)
      throws SQLException {
    RevisionGraph graph = graph();
    try (MigrationLock lock =
        session.dialect.lock(session.connection, versionTable, lockTimeout, waited)) {
      // Read again under the lock: another instance may have migrated while this one waited.
      // Where the lock is per transaction (SQLite), the reads share one, so that the rows and the
      // history they are checked against are of one moment.
      MigrationLock.Work<AppliedState> read = () -> checkedState(session, graph);
      AppliedState state =
          lock.isHeldForCommand() ? read.run() : lock.inTransaction(session.connection, read);
      List<String> before = state.heads();
      int[] plan =
          direction == Direction.UPGRADE
              ? Planner.upgrade(graph, state, target)
              : Planner.downgrade(graph, state, target, session.dialect.database());
      List<AppliedRevision> applied;
      // The guard watches for blocking sessions on a second connection; a data source that hands
      // out the migration's own connection (Retort.onConnection) has none to give, and the
      // watcher's setAutoCommit would end the revision's transaction.
      DataSource watchFrom = dataSource instanceof OneConnectionDataSource ? null : dataSource;
      RevisionRunner runner;
      try (RevisionGuard guard = new RevisionGuard(session, watchFrom, guards)) {
        runner =
            new RevisionRunner(
                session, lock, graph, registry, direction, state, versionTable, guard);
        applied = runner.run(plan, listener);
      }
      List<String> after = verify(session, graph, plan, direction, runner.state());
      if (after.equals(runner.state().heads())) {
        left.set(
            new Left(
                after, session.history.written(), session.history.lastWritten(), runner.state()));
      }
      if (direction == Direction.UPGRADE
          && registry.digest() != null
          && after.equals(registry.heads())) {
        recordDigest(session, lock, graph);
      }
      LOG.log(
          applied.isEmpty() ? DEBUG : INFO,
          "{0} {1}: {2} -> {3}, {4} revision(s)",
          done(direction),
          versionTable,
          Messages.rowsForLog(before),
          Messages.rowsForLog(after),
          applied.size());
      return new MigrationResult(direction, before, after, applied);
    }
  }

  /**
   * The state the version rows describe, checked against the history: no revision the history shows
   * applied may be missing from it, and no applied revision may have changed since it ran.
   */
  private AppliedState checkedState(Session session, RevisionGraph graph) throws SQLException {
    Left last = left.getAndSet(null);
    List<String> rows = session.store.read();
    // Taken, not shared: the next summary may extend this one's maps. Another thread meanwhile
    // finds none and reads the history in full.
    HistoryStore.Summary previous = historySeen.getAndSet(null);
    HistoryStore.Summary history = session.history.summary(previous);
    if (last != null
        && rows.equals(last.rows())
        && history.follows(previous, last.historyRows(), last.newestHistoryRow())) {
      // Exactly as this instance's last command left it: that command's start passed the checks
      // below, and each of its revisions wrote its version rows and its history row (with this
      // build's checksum) together, so they hold still; checking again would cost a walk over
      // every revision a command, which a long-lived instance (the test kit's) runs thousands of.
      historySeen.set(history);
      return last.state();
    }
    AppliedState state = AppliedState.of(graph, rows, versionTable);
    // A version table older than the history (restored from a backup, edited by hand, stamped by
    // another tool) would rerun applied revisions, which then fail on their first statement.
    String missing = null;
    for (String id : history.upgradedSinceLastStamp()) {
      int index = graph.indexOf(id);
      if (index >= 0 && !state.isApplied(index)) {
        missing = id; // the newest such run names the state to stamp
      }
    }
    if (missing != null) {
      throw new DatabaseStateException(
          Messages.versionTableBehindHistory(
              versionTable, historyTable, rows, graph, graph.indexOf(missing)));
    }
    Checksums.verify(graph, state, history.checksums(), historyTable);
    historySeen.set(history);
    return state;
  }

  /**
   * Records this build's digest on the version rows at head, so that the next start-up at head
   * needs one query. Where the lock is per transaction (SQLite), another process may have run or
   * accepted something since the check before planning, so the check runs again inside the
   * transaction that records the digest.
   */
  private void recordDigest(Session session, MigrationLock lock, RevisionGraph graph)
      throws SQLException {
    lock.inTransaction(
        session.connection,
        () -> {
          session.createTables(); // adds the digest column to a table that predates it
          if (!lock.isHeldForCommand()) {
            List<String> rows = session.store.read();
            if (!rows.equals(registry.heads())) {
              return null; // moved on meanwhile: the next start takes the locked path
            }
            AppliedState state = AppliedState.of(graph, rows, versionTable);
            Checksums.verify(graph, state, session.history.recordedChecksums(), historyTable);
          }
          session.store.recordDigest(registry.digest());
          return null;
        });
  }

  /**
   * Reads the version table back after the last revision and fails unless every planned revision is
   * where it should be: a run that changed nothing cannot report success.
   */
  private List<String> verify(
      Session session, RevisionGraph graph, int[] plan, Direction direction, AppliedState ran)
      throws SQLException {
    List<String> after = session.store.read();
    // The rows the runner wrote, read back: its state is theirs, without a walk over the graph.
    AppliedState state =
        after.equals(ran.heads()) ? ran : AppliedState.of(graph, after, versionTable);
    for (int index : plan) {
      if (state.isApplied(index) != (direction == Direction.UPGRADE)) {
        throw new RetortException(
            (direction == Direction.UPGRADE ? "upgrade" : "downgrade")
                + " finished, but the version table "
                + versionTable
                + " reads "
                + Messages.rows(after)
                + ", where revision "
                + graph.describe(index)
                + " should be "
                + (direction == Direction.UPGRADE ? "applied" : "removed")
                + Messages.NOT_COMMITTED);
      }
    }
    return after;
  }

  public StampResult stamp(String targetText) {
    Target target = Target.parse(targetText);
    List<String> to;
    if (target instanceof Target.Head) {
      to = registry.heads();
    } else if (target instanceof Target.Base) {
      to = List.of();
    } else if (target instanceof Target.Revision revision) {
      to = List.of(graph().id(graph().resolve(revision.idOrPrefix())));
    } else {
      throw new InvalidTargetException(
          "stamp(\""
              + targetText
              + "\"): stamp takes head, base or a revision id, not a step count");
    }
    try (Session session = open();
        MigrationLock lock =
            session.dialect.lock(session.connection, versionTable, lockTimeout, Duration.ZERO)) {
      // No validation of the rows already there: stamp is the way out of an unknown revision.
      List<String> from =
          lock.inTransaction(
              session.connection,
              () -> {
                session.createTables();
                List<String> before = session.store.read();
                session.store.replace(to);
                for (String id : to.isEmpty() ? List.of("base") : to) {
                  session.history.record(new HistoryStore.Entry(id, HistoryStore.STAMP, null, 0));
                }
                return before;
              });
      LOG.log(WARNING, "stamped {0}: {1} -> {2}; no revision ran", versionTable, from, to);
      return new StampResult(from, to);
    } catch (SQLException e) {
      throw databaseError("stamp", e);
    }
  }

  public ValidationResult validate() {
    try (Session session = open()) {
      RevisionGraph graph = graph();
      AppliedState state = AppliedState.of(graph, session.store.read(), versionTable);
      return Checksums.verify(graph, state, session.history.recordedChecksums(), historyTable);
    } catch (SQLException e) {
      throw databaseError("validate", e);
    }
  }

  /**
   * Records this build's checksum for one applied revision, so that an edit that needs no migration
   * stops failing {@link #validate()}. One revision at a time, by name, and logged: unlike a
   * blanket repair, it cannot hide an edit nobody looked at.
   */
  public AcceptedChecksum acceptChecksum(String idOrPrefix) {
    RevisionGraph graph = graph();
    int index = graph.resolve(idOrPrefix);
    RevisionInfo info = graph.info(index);
    if (info.checksum() == null) {
      throw new InvalidTargetException(
          "revision "
              + graph.describe(index)
              + " has no checksum in this build (its source was not available to the compiler);"
              + " there is nothing to accept");
    }
    try (Session session = open();
        MigrationLock lock =
            session.dialect.lock(session.connection, versionTable, lockTimeout, Duration.ZERO)) {
      String previous =
          lock.inTransaction(
              session.connection,
              () -> {
                session.createTables();
                List<String> rows = session.store.read();
                if (!AppliedState.of(graph, rows, versionTable).isApplied(index)) {
                  throw new InvalidTargetException(
                      "revision "
                          + graph.describe(index)
                          + " is not applied (the database is at "
                          + Messages.rows(rows)
                          + "); only an applied revision's checksum can be accepted");
                }
                String recorded = session.history.recordedChecksums().get(info.id());
                session.history.record(
                    new HistoryStore.Entry(info.id(), HistoryStore.ACCEPT, info.checksum(), 0));
                return recorded;
              });
      LOG.log(
          WARNING,
          "{0}: accepted checksum {1} in place of {2}; no revision ran",
          info.id(),
          info.checksum(),
          previous);
      return new AcceptedChecksum(info.id(), previous, info.checksum());
    } catch (SQLException e) {
      throw databaseError("accept a checksum", e);
    }
  }

  /** Creates the version and history tables if they are missing, under the migration lock. */
  public void ensureVersionTable() {
    try (Session session = open();
        MigrationLock lock =
            session.dialect.lock(session.connection, versionTable, lockTimeout, Duration.ZERO)) {
      lock.inTransaction(
          session.connection,
          () -> {
            session.createTables();
            return null;
          });
    } catch (SQLException e) {
      throw databaseError("create the version table", e);
    }
  }

  /** The revision a full id or a unique prefix names. */
  public RevisionInfo revision(String idOrPrefix) {
    RevisionGraph graph = graph();
    return graph.info(graph.resolve(idOrPrefix));
  }

  public CurrentRevisions current() {
    try (Session session = open()) {
      return new CurrentRevisions(session.store.read(), registry.heads());
    } catch (SQLException e) {
      throw databaseError("read the version table", e);
    }
  }

  /** The history table's rows, newest first. */
  public List<HistoryRow> historyRows() {
    try (Session session = open()) {
      return session.history.rows();
    } catch (SQLException e) {
      throw databaseError("read the history table " + historyTable, e);
    }
  }

  /** The backfill progress rows: backfills under way, or killed and waiting to resume. */
  public List<dev.retort.runtime.BackfillProgress> backfills() {
    try (Session session = open()) {
      return session.backfills().rows();
    } catch (SQLException e) {
      throw databaseError(
          "read the backfill table "
              + dev.retort.runtime.history.BackfillStore.tableFor(versionTable),
          e);
    }
  }

  /** Newest first, with what the database has applied marked; unknown rows are ignored here. */
  public List<HistoryEntry> history() {
    List<String> rows = current().revisions();
    RevisionGraph graph = graph();
    BitSet applied = new BitSet(graph.size());
    for (String row : rows) {
      int index = graph.indexOf(row);
      if (index >= 0) {
        applied.or(graph.ancestorsInclusive(index));
      }
    }
    List<HistoryEntry> entries = new ArrayList<>(graph.size());
    for (int i = graph.size() - 1; i >= 0; i--) {
      RevisionInfo info = graph.info(i);
      entries.add(
          new HistoryEntry(
              info.id(),
              info.downs(),
              info.message(),
              info.className(),
              graph.children(i).length == 0,
              applied.get(i),
              rows.contains(info.id())));
    }
    return entries;
  }

  /** This build's heads. */
  public List<RevisionInfo> heads() {
    RevisionGraph graph = graph();
    List<RevisionInfo> heads = new ArrayList<>();
    for (String id : graph.heads()) {
      heads.add(graph.info(graph.indexOf(id)));
    }
    return heads;
  }

  private Session open() throws SQLException {
    if (dataSource == null) {
      throw new RetortException(Messages.noDataSource());
    }
    Session session = Session.open(dataSource, dialect, versionTable, historyTable);
    lastDialect = session.dialect;
    lastDatabase = session.database();
    return session;
  }

  private static String done(Direction direction) {
    return direction == Direction.UPGRADE ? "upgraded" : "downgraded";
  }

  private RetortException databaseError(String what, SQLException e) {
    Dialect known = lastDialect;
    String advice = known == null ? null : Messages.notTheRevision(known, e, lastDatabase);
    if (known != null && known.isLockConflict(e)) {
      return new LockTimeoutException(
          "could not " + what + " within " + lockTimeout + " (setting lockTimeout): " + advice, e);
    }
    return new RetortException(
        "could not "
            + what
            + " (version table "
            + versionTable
            + "): "
            + Messages.databaseSaid(e)
            + (advice == null ? "" : "\n  " + advice),
        e);
  }

  /**
   * The database as a command of this instance left it: its version rows, the history rows it
   * appended (how many, and the newest as revision_id and action) and the applied state.
   */
  private record Left(
      List<String> rows, int historyRows, String newestHistoryRow, AppliedState state) {}
}
