package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The runtime guards of one command's revisions on PostgreSQL: each revision's lock and statement
 * timeouts, the sessions that block it, retries after a lock timeout, and the recovery of the
 * invalid index an interrupted {@code CREATE INDEX CONCURRENTLY} leaves behind. On SQLite only the
 * retries apply, and a revision there never meets a lock timeout of its own.
 *
 * <p>The command's default timeouts are set once on the session, before the first revision that
 * runs, and the values found there are put back when the command ends: a revision at the defaults
 * costs no query for them, which keeps it at the round trips of a plain JDBC loop. A revision with
 * timeouts of its own gets them with SET LOCAL in its transaction, or, outside a transaction, on
 * the session for its length.
 *
 * <p>Blocking sessions are seen from a second connection while the revision runs, not after it
 * failed: once a lock wait ends, {@code pg_blocking_pids} has nothing left to say. The second
 * connection is opened only for a revision that is still running after a short delay (a quarter of
 * its shortest timeout, at most 250 ms), so fast revisions never open it; it is then kept for the
 * rest of the command and sampled every such period until the revision ends.
 */
final class RevisionGuard implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.retort");
  private static final Duration LONGEST_FIRST_LOOK = Duration.ofMillis(250);
  private static final Duration SHORTEST_FIRST_LOOK = Duration.ofMillis(10);

  /** One daemon thread for every command's watcher; it ends when idle. */
  private static final class Watchers {
    static final ScheduledThreadPoolExecutor EXECUTOR = executor();

    private static ScheduledThreadPoolExecutor executor() {
      ScheduledThreadPoolExecutor executor =
          new ScheduledThreadPoolExecutor(
              1,
              task -> {
                Thread thread = new Thread(task, "retort-lock-watch");
                thread.setDaemon(true);
                return thread;
              });
      executor.setKeepAliveTime(5, TimeUnit.SECONDS);
      executor.allowCoreThreadTimeOut(true);
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  // CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] [schema.]table
  private static final String IDENTIFIER = "(?:\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_$]*)";
  private static final Pattern CREATE_INDEX_CONCURRENTLY =
      Pattern.compile(
          "\\s*CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?("
              + IDENTIFIER
              + ")\\s+ON\\s+(?:ONLY\\s+)?("
              + IDENTIFIER
              + "(?:\\s*\\.\\s*"
              + IDENTIFIER
              + ")?)[\\s(].*",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  // A statement that may change the session's timeouts: SET [SESSION] lock_timeout, RESET
  // statement_timeout, set_config('lock_timeout', ...), RESET ALL, DISCARD ALL. SET LOCAL matches
  // too, which costs the next revision one query, no more.
  private static final Pattern CHANGES_TIMEOUTS =
      Pattern.compile(
          "\\b(?:set|reset|set_config)\\b[^;]*?\\b(?:lock|statement)_timeout\\b"
              + "|\\b(?:reset|discard)\\s+all\\b",
          Pattern.CASE_INSENSITIVE);

  /** A session that held a lock the revision waited for, as {@code pg_stat_activity} showed it. */
  record BlockingSession(
      int pid, String applicationName, String state, Long transactionSeconds, String query) {}

  private final Session session;
  private final DataSource dataSource;
  private final GuardSettings settings;
  private Connection watcher; // guarded by this
  private volatile boolean closed;
  private int pid; // the migration connection's backend, once known
  private String[] found; // the session's lock and statement timeouts before the first revision
  private boolean foundTheDefaults; // found equals the command's defaults
  private boolean sessionAtDefaults; // the session holds the command's defaults, as far as known
  private volatile List<BlockingSession> blockers = List.of();
  private volatile Instant blockersSeenAt;
  private volatile String watchProblem;

  RevisionGuard(Session session, DataSource dataSource, GuardSettings settings) {
    this.session = session;
    this.dataSource = dataSource;
    this.settings = settings;
  }

  /** The lock timeout of {@code info}'s statements: its own, or the configured default. */
  Duration lockTimeout(RevisionInfo info) {
    return info.lockTimeout() != null ? info.lockTimeout() : settings.lockTimeout();
  }

  /** The statement timeout of {@code info}'s statements: its own, or the configured default. */
  Duration statementTimeout(RevisionInfo info) {
    return info.statementTimeout() != null ? info.statementTimeout() : settings.statementTimeout();
  }

  private Dialect dialect() {
    return session.dialect;
  }

  /**
   * Before each revision that runs, outside its transaction: makes the session hold the command's
   * default timeouts. The first call reads the values in force (a pool's, the role's, the caller's
   * own), sets the defaults for the session and learns the backend's process id, in one query;
   * later calls send nothing, unless a revision may have changed the session's timeouts since. Set
   * outside any transaction, so that a revision that fails and rolls back cannot undo it; {@link
   * #close} puts back the values found.
   */
  void useCommandTimeouts() throws SQLException {
    if (!dialect().hasStatementTimeouts() || sessionAtDefaults) {
      return;
    }
    if (found == null) {
      try (PreparedStatement replace =
          session.connection.prepareStatement(dialect().replaceSessionTimeouts())) {
        replace.setString(1, text(settings.lockTimeout()));
        replace.setString(2, text(settings.statementTimeout()));
        try (ResultSet row = replace.executeQuery()) {
          row.next();
          found = new String[] {row.getString(1), row.getString(2)};
          // Both in the server's own format: equal when the session already had the defaults.
          foundTheDefaults = found[0].equals(row.getString(3)) && found[1].equals(row.getString(4));
          pid = row.getInt(5);
        }
      }
    } else {
      set(text(settings.lockTimeout()), text(settings.statementTimeout()), false);
    }
    sessionAtDefaults = true;
  }

  /**
   * Sets {@code info}'s own timeouts with SET LOCAL inside its transaction, which ends them with
   * the transaction whether it commits or rolls back; nothing for a revision at the command's
   * defaults, which the session already holds.
   */
  void setLocal(RevisionInfo info) throws SQLException {
    if (dialect().hasStatementTimeouts() && hasOwnTimeouts(info)) {
      set(text(lockTimeout(info)), text(statementTimeout(info)), true);
    }
  }

  /**
   * Sets {@code info}'s own timeouts on the session for a revision that runs outside a transaction,
   * where SET LOCAL would last one statement; the returned handle puts the command's defaults back.
   */
  Restore setForSession(RevisionInfo info) throws SQLException {
    if (!dialect().hasStatementTimeouts()) {
      return () -> {};
    }
    if (hasOwnTimeouts(info)) {
      sessionAtDefaults = false;
      set(text(lockTimeout(info)), text(statementTimeout(info)), false);
    }
    return this::useCommandTimeouts;
  }

  /** Puts back what {@link #setForSession} changed. */
  interface Restore extends AutoCloseable {
    @Override
    void close() throws SQLException;
  }

  /**
   * What runs before each of {@code info}'s statements sent through its {@code Operations}; null
   * for nothing. On PostgreSQL it notes a statement that may change the session's timeouts (a
   * session-level {@code SET lock_timeout}, {@code set_config}, {@code RESET ALL}), so that the
   * next revision sets the command's defaults again instead of inheriting them; on a revision's
   * rerun outside a transaction, it also recovers an interrupted index build.
   */
  Consumer<String> beforeEachStatement(RevisionInfo info, boolean interrupted) {
    boolean timeouts = dialect().hasStatementTimeouts();
    if (!timeouts && !interrupted) {
      return null;
    }
    return sql -> {
      if (timeouts && sessionAtDefaults && CHANGES_TIMEOUTS.matcher(sql).find()) {
        sessionAtDefaults = false;
      }
      if (interrupted) {
        recoverInvalidIndex(info, sql);
      }
    };
  }

  private boolean hasOwnTimeouts(RevisionInfo info) {
    return !lockTimeout(info).equals(settings.lockTimeout())
        || !statementTimeout(info).equals(settings.statementTimeout());
  }

  private static String text(Duration timeout) {
    return timeout.toMillis() + "ms";
  }

  private void set(String lock, String statement, boolean local) throws SQLException {
    try (PreparedStatement set = session.connection.prepareStatement(dialect().setTimeouts())) {
      set.setString(1, lock);
      set.setBoolean(2, local);
      set.setString(3, statement);
      set.setBoolean(4, local);
      set.executeQuery().close();
    }
  }

  /**
   * Starts watching for sessions that block {@code info}'s statements; close the result when the
   * revision ends. Watches nothing where there is no timeout to explain.
   */
  Watch watch(RevisionInfo info) {
    blockers = List.of();
    blockersSeenAt = null;
    watchProblem = null;
    Duration shortest = shortestTimeout(info);
    if (!dialect().hasStatementTimeouts() || dataSource == null || pid == 0 || shortest == null) {
      return () -> {};
    }
    Duration period = shortest.dividedBy(4);
    if (period.compareTo(LONGEST_FIRST_LOOK) > 0) {
      period = LONGEST_FIRST_LOOK;
    } else if (period.compareTo(SHORTEST_FIRST_LOOK) < 0) {
      period = SHORTEST_FIRST_LOOK;
    }
    int watched = pid;
    ScheduledFuture<?> future =
        Watchers.EXECUTOR.scheduleWithFixedDelay(
            () -> sample(watched), period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    return () -> future.cancel(false);
  }

  /** Stops a watch; never throws. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }

  private Duration shortestTimeout(RevisionInfo info) {
    Duration lock = lockTimeout(info);
    Duration statement = statementTimeout(info);
    if (lock.isZero()) {
      return statement.isZero() ? null : statement;
    }
    return statement.isZero() || lock.compareTo(statement) <= 0 ? lock : statement;
  }

  /**
   * On the watcher thread: records who blocks {@code watched}, when anyone does. No lock is held
   * while a connection is opened: a pool with none to spare may keep this thread waiting, never
   * the migration.
   */
  private void sample(int watched) {
    if (closed || watchProblem != null) {
      return;
    }
    try {
      Connection connection;
      synchronized (this) {
        connection = watcher;
      }
      if (connection == null) {
        Connection opened = dataSource.getConnection();
        if (!opened.getAutoCommit()) {
          opened.setAutoCommit(true);
        }
        synchronized (this) {
          if (closed) {
            opened.close();
            return;
          }
          watcher = opened;
        }
        connection = opened;
      }
      List<BlockingSession> found = new ArrayList<>();
      try (PreparedStatement query =
          connection.prepareStatement(dialect().selectBlockingSessions())) {
        query.setInt(1, watched);
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            long seconds = rows.getLong(4);
            found.add(
                new BlockingSession(
                    rows.getInt(1),
                    rows.getString(2),
                    rows.getString(3),
                    rows.wasNull() ? null : seconds,
                    rows.getString(5)));
          }
        }
      }
      // Kept until a later wait replaces it: the failure arrives after the wait has ended.
      if (!found.isEmpty()) {
        blockers = List.copyOf(found);
        blockersSeenAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      }
    } catch (SQLException | RuntimeException e) {
      if (!closed) {
        watchProblem = e.getMessage();
        LOG.log(DEBUG, "could not look for blocking sessions: {0}", e.getMessage());
      }
    }
  }

  /**
   * The explanation of a statement that failed on {@code info}'s lock or statement timeout: what
   * ran out, the sessions that blocked it, and what to do; null for any other failure.
   */
  String explain(RevisionInfo info, SQLException e, String verb) {
    boolean lock = dialect().isLockTimeout(e);
    if (!lock && !dialect().isStatementCancelled(e)) {
      return null;
    }
    return Messages.revisionTimedOut(
        info,
        lock,
        lock ? lockTimeout(info) : statementTimeout(info),
        blockers,
        blockersSeenAt,
        watchProblem,
        settings.attempts(),
        verb);
  }

  /**
   * Decides whether to run a revision again after {@code failure} on attempt {@code attempt}:
   * only after a lock timeout, while attempts remain. Logs the decision and waits the delay.
   */
  boolean retry(RevisionInfo info, RevisionFailedException failure, int attempt) {
    if (attempt >= settings.attempts() || !isLockTimeout(failure)) {
      return false;
    }
    LOG.log(
        WARNING,
        "{0}: lock timeout ({1}) on attempt {2} of {3}{4}; running it again in {5}",
        info.id(),
        Messages.duration(lockTimeout(info)),
        attempt,
        settings.attempts(),
        info.transactional() ? ", rolled back" : "",
        Messages.duration(settings.retryDelay()));
    try {
      Thread.sleep(settings.retryDelay().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private boolean isLockTimeout(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return dialect().isLockTimeout(sql);
      }
    }
    return false;
  }

  /**
   * Before {@code sql} runs in {@code info}, a revision outside a transaction that a previous run
   * started and did not finish: when {@code sql} is a {@code CREATE INDEX CONCURRENTLY} whose
   * index exists as INVALID on its table, the interrupted build left it, and {@code IF NOT EXISTS}
   * would now skip it for good. Drops it concurrently, so that the statement builds it again. An
   * index of another name, a valid index, or one that another session is building right now is
   * never touched.
   */
  void recoverInvalidIndex(RevisionInfo info, String sql) {
    if (dialect().selectInvalidIndexes().isEmpty()) {
      return; // a database that never leaves an invalid index (SQLite)
    }
    Matcher create = CREATE_INDEX_CONCURRENTLY.matcher(sql);
    if (!create.matches()) {
      return;
    }
    String name = unquote(create.group(1));
    String table = create.group(2).replaceAll("\\s*\\.\\s*", ".");
    String statement = "SQL";
    try {
      String invalid;
      statement = dialect().selectInvalidIndex();
      try (PreparedStatement find = session.connection.prepareStatement(statement)) {
        find.setString(1, name);
        find.setString(2, table);
        try (ResultSet row = find.executeQuery()) {
          invalid = row.next() ? row.getString(1) : null;
        }
      }
      if (invalid == null) {
        return;
      }
      statement = dialect().selectIndexBuilds();
      List<Integer> builders = new ArrayList<>();
      try (PreparedStatement builds = session.connection.prepareStatement(statement)) {
        builds.setString(1, table);
        try (ResultSet rows = builds.executeQuery()) {
          while (rows.next()) {
            builders.add(rows.getInt(1));
          }
        }
      }
      if (!builders.isEmpty()) {
        throw new RetortException(Messages.indexBuildInProgress(info, invalid, table, builders));
      }
      LOG.log(
          WARNING,
          "{0}: dropping the invalid index {1} on {2}, left by an interrupted run of this revision;"
              + " its CREATE INDEX CONCURRENTLY builds it again",
          info.id(),
          invalid,
          table);
      statement = dialect().dropIndexConcurrently(invalid);
      try (var drop = session.connection.createStatement()) {
        drop.execute(statement);
      }
    } catch (SQLException e) {
      throw new StatementFailedException(statement, e);
    }
  }

  /** {@code "Name"} as stored ({@code Name}); an unquoted name folds to lower case. */
  private static String unquote(String identifier) {
    return identifier.startsWith("\"")
        ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
        : identifier.toLowerCase(Locale.ROOT);
  }

  /**
   * Puts back the session's timeouts as {@link #useCommandTimeouts} found them, also after a
   * failure, and closes the watcher's connection; never throws. A connection that cannot take the
   * query (broken, say) is logged, never in place of the command's own error.
   */
  @Override
  public void close() {
    if (found != null && !(sessionAtDefaults && foundTheDefaults)) {
      try {
        set(found[0], found[1], false);
      } catch (SQLException | RuntimeException e) {
        LOG.log(
            WARNING,
            "could not put back lock_timeout {0} and statement_timeout {1} on the migration''s"
                + " connection ({2}); if a pool keeps that connection open, close it, or its next"
                + " user runs under this command''s timeouts",
            found[0],
            found[1],
            e.getMessage());
      }
    }
    Connection connection;
    synchronized (this) {
      closed = true;
      connection = watcher;
      watcher = null;
    }
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        LOG.log(DEBUG, "could not close the lock watcher''s connection: {0}", e.getMessage());
      }
    }
  }
}
