package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.testing.JdbcSpy;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.PoolOfOne;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runtime guards: each revision's lock and statement timeouts, the error that names the
 * blocking session, retries after a lock timeout, and the recovery of an interrupted CREATE INDEX
 * CONCURRENTLY. The blocking transactions are real, held open by the test on a second connection.
 */
class RuntimeGuardsTest {
  @TempDir Path tempDir;

  /** Base revision aa11: table t with a row, and the table the next revision records into. */
  private static TestRegistry.Builder base() {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(
                List.of(
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))",
                    "INSERT INTO t (id, name) VALUES (1, 'one')",
                    "CREATE TABLE seen (revision VARCHAR(10), lock_timeout VARCHAR(20),"
                        + " statement_timeout VARCHAR(20))"),
                List.of("DROP TABLE seen", "DROP TABLE t")),
            true);
  }

  /** A revision that records the timeouts its statements run under into {@code seen}. */
  private static TestRegistry.Ops recordTimeouts(String id) {
    return new TestRegistry.Ops(
        op -> {
          if (op.dialect() == Database.POSTGRESQL) {
            op.execute(
                "INSERT INTO seen SELECT '"
                    + id
                    + "', current_setting('lock_timeout'), current_setting('statement_timeout')");
          } else {
            op.execute("INSERT INTO seen VALUES ('" + id + "', 'n/a', 'n/a')");
          }
        },
        op -> {});
  }

  private static String lockTimeoutOf(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW lock_timeout")) {
      row.next();
      return row.getString(1);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void revisionTimeouts_applyToItsStatementsOnly(TestDatabase db) throws Exception {
    DataSource database = db.create(tempDir);
    TestRegistry registry =
        base()
            .revision("bb22", List.of("aa11"), recordTimeouts("bb22"), true)
            .revision("cc33", List.of("bb22"), recordTimeouts("cc33"), true)
            .timeouts(Duration.ofSeconds(3), Duration.ofMillis(1500))
            .revision("cc34", List.of("cc33"), recordTimeouts("cc34"), true)
            .revision("dd44", List.of("cc34"), recordTimeouts("dd44"), true, false, null)
            .timeouts(Duration.ZERO, null)
            .revision("ee55", List.of("dd44"), recordTimeouts("ee55"), true)
            .revision("ff66", List.of("ee55"), recordTimeouts("ff66"), true, false, null)
            .build();
    try (PoolOfOne pool = new PoolOfOne(database, 5_000)) {
      if (db == TestDatabase.POSTGRES) {
        // What the pool's session had before: a revision outside a transaction must put it back.
        try (Connection connection = pool.getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("SET lock_timeout = '7s'");
        }
      }
      Retort retort =
          Retort.configure()
              .dataSource(pool)
              .registry(registry)
              .revisionStatementTimeout(Duration.ofMinutes(2))
              .load();
      retort.upgrade("head");
      assertEquals(List.of("ff66"), retort.current().revisions());

      List<String> seen;
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT revision || ' ' || lock_timeout || ' ' || statement_timeout FROM seen"
                      + " ORDER BY revision")) {
        seen = new java.util.ArrayList<>();
        while (rows.next()) {
          seen.add(rows.getString(1));
        }
        if (db == TestDatabase.POSTGRES) {
          assertEquals("7s", lockTimeoutOf(connection), "the session's own lock_timeout is back");
        }
      }
      if (db == TestDatabase.POSTGRES) {
        assertEquals(
            List.of(
                "bb22 10s 2min", // the defaults: 10 s, and revisionStatementTimeout
                "cc33 3s 1500ms", // @Revision(lockTimeout = "3s", statementTimeout = "1500ms")
                "cc34 10s 2min", // the defaults again: SET LOCAL ended with cc33's transaction
                "dd44 0 2min", // lockTimeout = "0": no limit, set for the session, then reset
                "ee55 10s 2min", // the defaults again, in a transaction
                "ff66 10s 2min"), // and outside one
            seen);
      } else {
        // SQLite: no per-statement timeouts; the revisions run as before.
        assertEquals(
            List.of(
                "bb22 n/a n/a",
                "cc33 n/a n/a",
                "cc34 n/a n/a",
                "dd44 n/a n/a",
                "ee55 n/a n/a",
                "ff66 n/a n/a"),
            seen);
      }
    }
  }

  /**
   * The command's default timeouts are set once for the session, before the first revision, and put
   * back once at the end: a revision at the defaults sends no query of its own for them, so ten
   * revisions cost as many timeout queries as one. Only a revision with its own timeouts adds one,
   * its SET LOCAL.
   */
  @Test
  void postgres_revisionsAtTheDefaults_sendNoTimeoutQueryOfTheirOwn() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry.Builder builder = TestRegistry.builder();
    String down = null;
    for (int i = 0; i < 10; i++) {
      String id = "r" + i;
      builder.revision(
          id,
          down == null ? List.of() : List.of(down),
          new TestRegistry.Sql(List.of("CREATE TABLE t" + i + " (id INTEGER)"), List.of()),
          true);
      down = id;
    }
    builder
        .revision(
            "own1",
            List.of(down),
            new TestRegistry.Sql(List.of("CREATE TABLE own (id INTEGER)"), List.of()),
            true)
        .timeouts(Duration.ofSeconds(3), null)
        // Its own values equal to the defaults: nothing to set.
        .revision(
            "same",
            List.of("own1"),
            new TestRegistry.Sql(List.of("CREATE TABLE same (id INTEGER)"), List.of()),
            true)
        .timeouts(Duration.ofSeconds(10), Duration.ZERO);
    JdbcSpy spy = JdbcSpy.on(database);
    Retort retort =
        Retort.configure().dataSource(spy.dataSource()).registry(builder.build()).load();

    retort.upgrade("head");

    assertEquals(List.of("same"), retort.current().revisions());
    List<String> timeoutQueries =
        spy.statements().stream().filter(sql -> sql.contains("_timeout")).toList();
    // On the old code: one set_config query per revision, 12 here.
    assertEquals(3, timeoutQueries.size(), timeoutQueries.toString());
    PostgresDialect postgres = (PostgresDialect) dev.retort.runtime.dialect.Dialect.postgres();
    assertEquals(
        List.of(
            postgres.replaceSessionTimeouts(), // the defaults, before r0's transaction
            postgres.setTimeouts(), // own1's SET LOCAL
            postgres.setTimeouts()), // the values found, put back at the end
        timeoutQueries);

    // A session that already has the defaults: nothing to put back at the end either.
    DataSource second = TestDatabase.POSTGRES.create(tempDir);
    JdbcSpy spyOnOwn = JdbcSpy.on(second);
    try (Connection own = spyOnOwn.dataSource().getConnection();
        Statement statement = own.createStatement()) {
      statement.execute("SET lock_timeout = '10s'");
      Retort.configure()
          .dataSource(second)
          .registry(builder.build())
          .load()
          .onConnection(own)
          .upgrade("r2");
      assertEquals(
          List.of("SET lock_timeout = '10s'", postgres.replaceSessionTimeouts()),
          spyOnOwn.statements().stream().filter(sql -> sql.contains("_timeout")).toList());
      assertEquals("10s 0", timeoutsOf(own));
    }
  }

  /**
   * A revision that sets the session's timeouts itself (a habit carried over from hand-written
   * migrations) does not pass them on to the next revision, nor to the pool after the command.
   */
  @Test
  void postgres_revisionThatSetsSessionTimeouts_doesNotPassThemOn() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Ops(
                    op -> {
                      op.execute("SET lock_timeout = '1min'");
                      op.execute("SELECT set_config('statement_timeout', ?, false)", "5min");
                    },
                    op -> {}),
                true)
            .revision("cc33", List.of("bb22"), recordTimeouts("cc33"), true)
            .revision(
                "dd44",
                List.of("cc33"),
                new TestRegistry.Sql(List.of("set session LOCK_TIMEOUT to 0"), List.of()),
                true,
                false,
                null)
            .revision("ee55", List.of("dd44"), recordTimeouts("ee55"), true)
            .build();
    try (PoolOfOne pool = new PoolOfOne(database, 5_000)) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SET lock_timeout = '7s'");
      }
      Retort.configure().dataSource(pool).registry(registry).load().upgrade("head");
      assertEquals(
          List.of("cc33 10s 0", "ee55 10s 0"),
          query(
              pool,
              "SELECT revision || ' ' || lock_timeout || ' ' || statement_timeout FROM seen"
                  + " ORDER BY revision"));
      try (Connection connection = pool.getConnection()) {
        assertEquals("7s 0", timeoutsOf(connection));
      }
    }
  }

  /**
   * A revision that breaks the connection: putting the session's timeouts back fails too, and is
   * logged, while the error the caller sees is still the revision's.
   */
  @Test
  void postgres_brokenConnection_failureToPutTimeoutsBack_doesNotHideTheRevisionsError() {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("SELECT pg_terminate_backend(pg_backend_pid())"), List.of()),
                true)
            .build();
    Retort retort = Retort.configure().dataSource(database).registry(registry).load();
    retort.upgrade("aa11");

    try (LogRecorder log = LogRecorder.start()) {
      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

      assertEquals("bb22", failed.revisionId());
      assertTrue(
          failed.getMessage().startsWith("revision bb22 (test.Revision_bb22) failed to upgrade"),
          failed.getMessage());
      assertTrue(
          log.lines().stream()
              .anyMatch(
                  line ->
                      line.startsWith(
                          "could not put back lock_timeout 0 and statement_timeout 0 on the"
                              + " migration's connection (")
                          && line.endsWith(
                              "); if a pool keeps that connection open, close it, or its next"
                                  + " user runs under this command's timeouts")),
          log.lines().toString());
    }
    assertEquals(List.of("aa11"), retort.current().revisions());
  }

  /**
   * The connection given to {@link Retort#onConnection} comes back with the lock and statement
   * timeouts it had, after a command that succeeded and after one whose revision failed, in a
   * transaction or outside one.
   */
  @Test
  void postgres_onConnection_comesBackWithItsOwnTimeouts_alsoAfterAFailure() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision("bb22", List.of("aa11"), recordTimeouts("bb22"), true)
            .revision(
                "cc33",
                List.of("bb22"),
                new TestRegistry.Sql(List.of("SELECT 1/0"), List.of()),
                true)
            .revision(
                "dd44",
                List.of("bb22"),
                new TestRegistry.Sql(List.of("SELECT 1/0"), List.of()),
                true,
                false,
                null)
            .timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
            .build();
    try (Connection own = database.getConnection();
        Statement statement = own.createStatement()) {
      statement.execute("SET lock_timeout = '3s'");
      statement.execute("SET statement_timeout = '4s'");
      Retort retort =
          Retort.configure().dataSource(database).registry(registry).load().onConnection(own);

      retort.upgrade("bb22");
      assertEquals(List.of("bb22"), retort.current().revisions());
      assertEquals(
          List.of("bb22 10s 0"),
          query(
              database,
              "SELECT revision || ' ' || lock_timeout || ' ' || statement_timeout FROM seen"));
      assertEquals("3s 4s", timeoutsOf(own));

      assertThrows(RevisionFailedException.class, () -> retort.upgrade("cc33"));
      assertEquals("3s 4s", timeoutsOf(own), "after a revision rolled back");

      assertThrows(RevisionFailedException.class, () -> retort.upgrade("dd44"));
      assertEquals("3s 4s", timeoutsOf(own), "after a revision outside a transaction failed");
      assertEquals(List.of("bb22"), retort.current().revisions());
    }
  }

  @Test
  void postgres_lockTimeout_namesTheBlockingSessionAndRollsBack() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of(
                        "CREATE TABLE u (id INTEGER)", "ALTER TABLE t ADD COLUMN status VARCHAR(10)"),
                    List.of()),
                true)
            .timeouts(Duration.ofMillis(800), null)
            .build();
    Retort retort = Retort.configure().dataSource(database).registry(registry).load();
    retort.upgrade("aa11");

    try (Connection blocker = database.getConnection();
        Statement statement = blocker.createStatement()) {
      statement.execute("SET application_name = 'billing-api'");
      int blockerPid = pid(blocker);
      blocker.setAutoCommit(false);
      statement.executeQuery("SELECT name FROM t WHERE id = 1").close();

      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
      blocker.rollback();

      assertEquals("bb22", failed.revisionId());
      assertEquals("55P03", failed.sqlState().orElseThrow());
      String message = failed.getMessage();
      assertTrue(
          message.startsWith(
              "revision bb22 (test.Revision_bb22) failed to upgrade and was rolled back; the"
                  + " database is still at \"aa11\"\n"
                  + "  statement: ALTER TABLE t ADD COLUMN status VARCHAR(10)\n"),
          message);
      assertTrue(
          message.contains(
              "the statement waited longer than lock_timeout 800ms (@Revision(lockTimeout ="
                  + " \"800ms\")) for a lock held by this session (seen at "),
          message);
      assertTrue(
          message.contains(
              "    pid "
                  + blockerPid
                  + ", application_name \"billing-api\", state idle in transaction, in a"
                  + " transaction for "),
          message);
      assertTrue(message.contains(" s, query: SELECT name FROM t WHERE id = 1\n"), message);
      assertTrue(
          message.endsWith(
              "  let that transaction finish, or end it (SELECT pg_terminate_backend("
                  + blockerPid
                  + ")), then run upgrade again; to retry by itself, set"
                  + " revisionRetries(attempts, delay); to wait longer, raise"
                  + " @Revision(lockTimeout) (a long wait stalls every query queued behind the"
                  + " lock)"),
          message);
    }
    // Rolled back whole: the first statement's table is gone too, and the version row stayed.
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertEquals(List.of("id", "name"), columns(database, "t"));
    assertEquals(List.of(), query(database, "SELECT 1 FROM pg_class WHERE relname = 'u'"));
    assertEquals(
        List.of("aa11 upgrade"),
        query(database, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));

    // Nothing blocks now: the same command succeeds.
    retort.upgrade("head");
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of("id", "name", "status"), columns(database, "t"));
  }

  /**
   * On {@link Retort#onConnection} there is no second connection to watch for blocking sessions
   * from: a watcher on the one connection would end the revision's transaction, so a revision that
   * runs past the watch's start and then fails must still roll back whole.
   */
  @Test
  void postgres_slowRevision_onOneConnection_failsAndRollsBackWhole() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE TABLE u (id INTEGER)", "SELECT pg_sleep(0.8)", "SELECT 1/0"),
                    List.of()),
                true)
            .build();
    try (Connection own = database.getConnection()) {
      Retort retort =
          Retort.configure().dataSource(database).registry(registry).load().onConnection(own);
      retort.upgrade("aa11");

      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

      assertEquals("22012", failed.sqlState().orElseThrow(), failed.getMessage());
      assertEquals(List.of("aa11"), retort.current().revisions());
    }
    assertEquals(List.of(), query(database, "SELECT 1 FROM pg_class WHERE relname = 'u'"));
    assertEquals(
        List.of("aa11 upgrade"),
        query(database, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @Test
  void postgres_lockTimeout_retriesAfterTheDelayAndAppliesOnce() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of(
                        "INSERT INTO seen VALUES ('bb22', 'x', 'x')",
                        "ALTER TABLE t ADD COLUMN status VARCHAR(10)"),
                    List.of()),
                true)
            .timeouts(Duration.ofMillis(300), null)
            .build();
    Retort retort =
        Retort.configure()
            .dataSource(database)
            .registry(registry)
            .revisionRetries(3, Duration.ofMillis(100))
            .load();
    retort.upgrade("aa11");

    try (Connection blocker = database.getConnection();
        Statement statement = blocker.createStatement();
        LogRecorder log = LogRecorder.start();
        ReleaseOnLog release = ReleaseOnLog.on(blocker, "on attempt 2 of 3")) {
      blocker.setAutoCommit(false);
      statement.executeQuery("SELECT name FROM t").close();

      retort.upgrade("head");

      assertEquals(
          List.of(
              "bb22: lock timeout (300ms) on attempt 1 of 3, rolled back; running it again in"
                  + " 100ms",
              "bb22: lock timeout (300ms) on attempt 2 of 3, rolled back; running it again in"
                  + " 100ms"),
          log.lines().stream().filter(line -> line.contains("lock timeout")).toList());
      assertTrue(release.released);
    }
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of("id", "name", "status"), columns(database, "t"));
    // Each failed attempt was rolled back: its first statement's row is there once.
    assertEquals(List.of("bb22"), query(database, "SELECT revision FROM seen"));
    assertEquals(
        List.of("aa11 upgrade", "bb22 upgrade"),
        query(database, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @Test
  void postgres_lockTimeout_failsWhenEveryAttemptTimesOut() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(List.of("DROP TABLE t"), List.of()),
                true)
            .build();
    Retort retort =
        Retort.configure()
            .dataSource(database)
            .registry(registry)
            .revisionLockTimeout(Duration.ofMillis(200))
            .revisionRetries(2, Duration.ZERO)
            .load();
    retort.upgrade("aa11");
    try (Connection blocker = database.getConnection();
        Statement statement = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      statement.executeQuery("SELECT name FROM t").close();
      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
      blocker.rollback();
      assertTrue(
          failed
              .getMessage()
              .contains(
                  "the statement waited longer than lock_timeout 200ms (setting"
                      + " revisionLockTimeout)"),
          failed.getMessage());
      assertTrue(
          failed.getMessage().contains("all 2 attempts (setting revisionRetries) timed out"),
          failed.getMessage());
    }
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertEquals(List.of("1"), query(database, "SELECT COUNT(*) FROM t"));
  }

  @Test
  void postgres_statementTimeout_cancelsTheStatementWithAClearError() {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE TABLE u (id INTEGER)", "SELECT pg_sleep(30)"), List.of()),
                true)
            .timeouts(null, Duration.ofMillis(200))
            .build();
    Retort retort = Retort.configure().dataSource(database).registry(registry).load();
    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    assertEquals("57014", failed.sqlState().orElseThrow());
    assertTrue(
        failed
            .getMessage()
            .endsWith(
                "  the statement was cancelled: it ran longer than statement_timeout 200ms"
                    + " (@Revision(statementTimeout = \"200ms\")), or another session cancelled"
                    + " it (pg_cancel_backend)\n"
                    + "  if the statement needs longer, raise @Revision(statementTimeout) (\"0\""
                    + " for no limit), then run upgrade again"),
        failed.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertEquals(List.of(), query(database, "SELECT 1 FROM pg_class WHERE relname = 'u'"));
  }

  /**
   * A CREATE INDEX CONCURRENTLY that the lock timeout interrupts leaves an INVALID index; the
   * retry drops it and builds it again, where IF NOT EXISTS alone would skip it for good.
   */
  @Test
  void postgres_interruptedIndexBuild_retryDropsTheInvalidIndexAndBuildsItAgain()
      throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                // The typed form, whose statement quotes its names.
                new TestRegistry.Ops(
                    op ->
                        op.createIndexIfNotExists(
                            dev.retort.runtime.ops.Index.named("ix_t_name")
                                .on("t", "name")
                                .concurrently()),
                    op -> {}),
                true,
                false,
                null)
            .timeouts(Duration.ofMillis(300), null)
            .build();
    Retort retort =
        Retort.configure()
            .dataSource(database)
            .registry(registry)
            .revisionRetries(2, Duration.ZERO)
            .load();
    retort.upgrade("aa11");

    try (Connection writer = database.getConnection();
        Statement statement = writer.createStatement();
        LogRecorder log = LogRecorder.start();
        ReleaseOnLog release = ReleaseOnLog.on(writer, "on attempt 1 of 2")) {
      // An open write transaction: CREATE INDEX CONCURRENTLY waits for it after it has created
      // the index, still invalid, and the lock timeout ends the wait.
      writer.setAutoCommit(false);
      statement.execute("INSERT INTO t (id, name) VALUES (2, 'two')");
      release.whenReleased = () -> invalidAtRelease = invalidIndexes(database);

      retort.upgrade("head");

      assertTrue(release.released);
      assertEquals(List.of("ix_t_name"), invalidAtRelease, "the first attempt left it invalid");
      assertTrue(
          log.lines()
              .contains(
                  "bb22: dropping the invalid index ix_t_name on \"t\", left by an interrupted run of"
                      + " this revision; its CREATE INDEX CONCURRENTLY builds it again"),
          log.lines().toString());
    }
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of(), invalidIndexes(database));
    assertEquals(
        List.of("ix_t_name true"),
        query(
            database,
            "SELECT c.relname || ' ' || i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid ="
                + " i.indexrelid WHERE c.relname = 'ix_t_name'"));
    assertEquals(
        List.of("aa11 upgrade", "bb22 start-up", "bb22 start-up", "bb22 upgrade"),
        query(database, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  private volatile List<String> invalidAtRelease;

  /**
   * A build cancelled with pg_cancel_backend while it waits on the test's open transaction: check
   * reports the invalid index it left, the next upgrade drops and rebuilds it, and an invalid index
   * of the user's on the same table, which no revision creates, is left alone and still reported.
   */
  @Test
  void postgres_cancelledIndexBuild_checkReportsItAndTheNextUpgradeRebuildsIt() throws Exception {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_t_name ON t (name)"),
                    List.of("DROP INDEX CONCURRENTLY IF EXISTS ix_t_name")),
                true,
                false,
                null)
            .build();
    Retort retort = Retort.configure().dataSource(database).registry(registry).load();
    retort.upgrade("aa11");

    // The user's own interrupted build, of an index no revision names.
    interruptWhileWaiting(
        database,
        () -> {
          try (Connection c = database.getConnection();
              Statement s = c.createStatement()) {
            s.execute("CREATE INDEX CONCURRENTLY ix_user ON t (id, name)");
          }
          return null;
        },
        "CREATE INDEX CONCURRENTLY ix_user");
    RevisionFailedException cancelled =
        assertThrows(
            RevisionFailedException.class,
            () ->
                interruptWhileWaiting(
                    database, () -> retort.upgrade("head"), "CREATE INDEX CONCURRENTLY IF"));
    assertEquals("57014", cancelled.sqlState().orElseThrow());
    assertTrue(
        cancelled
            .getMessage()
            .contains(
                "  the statement was cancelled by another session (pg_cancel_backend) or the"
                    + " server; no statement_timeout was set"),
        cancelled.getMessage());
    assertTrue(
        cancelled.getMessage().endsWith("  run upgrade again once whoever cancelled it allows"),
        cancelled.getMessage());
    assertEquals(List.of("ix_t_name", "ix_user"), invalidIndexes(database));
    assertEquals(List.of("aa11"), retort.current().revisions());

    DriftReport report = retort.check();
    assertEquals(
        List.of(
            "invalid index public.ix_t_name on public.t: a CREATE INDEX CONCURRENTLY or REINDEX"
                + " CONCURRENTLY did not finish, and queries do not use it, while writes still"
                + " maintain it; fix: DROP INDEX CONCURRENTLY public.ix_t_name, then build it"
                + " again (upgrade reruns an unfinished revision outside a transaction and"
                + " rebuilds its index; or REINDEX INDEX CONCURRENTLY)",
            "invalid index public.ix_user on public.t: a CREATE INDEX CONCURRENTLY or REINDEX"
                + " CONCURRENTLY did not finish, and queries do not use it, while writes still"
                + " maintain it; fix: DROP INDEX CONCURRENTLY public.ix_user, then build it again"
                + " (upgrade reruns an unfinished revision outside a transaction and rebuilds its"
                + " index; or REINDEX INDEX CONCURRENTLY)"),
        report.invalidIndexes());
    assertTrue(report.hasProblems());
    assertTrue(report.toString().contains("\n2 invalid indexes:\n  invalid index public.ix_t_name"));

    try (LogRecorder log = LogRecorder.start()) {
      retort.upgrade("head");
      assertTrue(
          log.lines()
              .contains(
                  "bb22: an earlier run started this upgrade outside a transaction and did not"
                      + " finish; running it again (a backfill resumes after its last committed"
                      + " chunk, an invalid index its CREATE INDEX CONCURRENTLY left is built"
                      + " again)"),
          log.lines().toString());
    }
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of("ix_user"), invalidIndexes(database), "the user's index is untouched");
    assertEquals(
        List.of("ix_t_name", "ix_user", "t_pkey"),
        query(database, "SELECT indexname FROM pg_indexes WHERE tablename = 't' ORDER BY 1"));
    assertEquals(
        List.of("invalid index public.ix_user"),
        retort.check().invalidIndexes().stream().map(l -> l.substring(0, 28)).toList());
  }

  @Test
  void sqlite_checkFindsNoInvalidIndexes_andTimeoutsNeedNoServer() {
    DataSource database = TestDatabase.SQLITE.create(tempDir);
    TestRegistry registry =
        base()
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE INDEX IF NOT EXISTS ix_t_name ON t (name)"), List.of()),
                true,
                false,
                null)
            .timeouts(Duration.ofMillis(1), Duration.ofMillis(1))
            .build();
    Retort retort =
        Retort.configure()
            .dataSource(database)
            .registry(registry)
            .revisionRetries(3, Duration.ZERO)
            .load();
    retort.upgrade("head");
    assertEquals(List.of("bb22"), retort.current().revisions());
    DriftReport report = retort.check();
    assertEquals(List.of(), report.invalidIndexes());
    assertFalse(report.hasProblems(), report.toString());
  }

  @Test
  void config_rejectsTimeoutsOutOfRange() {
    RetortException negative =
        assertThrows(
            RetortException.class,
            () ->
                Retort.configure()
                    .dialect(dev.retort.runtime.dialect.Dialect.postgres())
                    .registry(base().build())
                    .revisionLockTimeout(Duration.ofSeconds(-1))
                    .load());
    assertEquals(
        "revisionLockTimeout PT-1S is out of range; use zero for no limit, or up to 2147483647"
            + " ms, PostgreSQL's largest",
        negative.getMessage());
    RetortException attempts =
        assertThrows(
            RetortException.class,
            () ->
                Retort.configure()
                    .dialect(dev.retort.runtime.dialect.Dialect.postgres())
                    .registry(base().build())
                    .revisionRetries(0, Duration.ZERO)
                    .load());
    assertEquals(
        "revisionRetries attempts 0 is below 1; use 1 for no retry, or more to run a revision"
            + " again after a lock timeout",
        attempts.getMessage());
  }

  // ---- helpers

  private interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs {@code work}, whose statement starting with {@code statementPrefix} waits on a write
   * transaction this method holds open, then cancels that statement's backend with
   * pg_cancel_backend and ends the transaction. Returns what {@code work} returned, or throws what
   * it threw.
   */
  private static <T> T interruptWhileWaiting(
      DataSource database, Work<T> work, String statementPrefix) throws Exception {
    try (Connection writer = database.getConnection();
        Statement statement = writer.createStatement();
        Connection watcher = database.getConnection()) {
      writer.setAutoCommit(false);
      statement.execute("INSERT INTO t (id, name) VALUES (99, 'held')");
      CompletableFuture<T> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return work.run();
                } catch (RuntimeException e) {
                  throw e;
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      int waiting = 0;
      while (waiting == 0) {
        try (java.sql.PreparedStatement find =
            watcher.prepareStatement(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE"
                    + " ?")) {
          find.setString(1, statementPrefix + "%");
          try (ResultSet rows = find.executeQuery()) {
            waiting = rows.next() ? rows.getInt(1) : 0;
          }
        }
        if (waiting == 0) {
          Thread.sleep(20); // polling for a state, not timing anything
        }
      }
      try (Statement cancel = watcher.createStatement()) {
        cancel.executeQuery("SELECT pg_cancel_backend(" + waiting + ")").close();
      }
      try {
        return running.join();
      } catch (java.util.concurrent.CompletionException e) {
        if (e.getCause() instanceof IllegalStateException wrapped
            && wrapped.getCause() instanceof SQLException) {
          return null; // the user's own statement, cancelled as intended
        }
        throw (RuntimeException) e.getCause();
      } finally {
        writer.rollback();
      }
    }
  }

  private static String timeoutsOf(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT current_setting('lock_timeout') || ' '"
                    + " || current_setting('statement_timeout')")) {
      row.next();
      return row.getString(1);
    }
  }

  private static int pid(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT pg_backend_pid()")) {
      row.next();
      return row.getInt(1);
    }
  }

  private static List<String> invalidIndexes(DataSource database) {
    return query(
        database,
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE NOT"
            + " i.indisvalid ORDER BY 1");
  }

  private static List<String> columns(DataSource database, String table) {
    return query(
        database,
        "SELECT column_name FROM information_schema.columns WHERE table_name = '"
            + table
            + "' ORDER BY ordinal_position");
  }

  /**
   * Ends the transaction on {@code blocker} when Retort logs a line containing {@code trigger}, on
   * the logging thread, so that the next attempt finds the lock free without any timing.
   */
  private static final class ReleaseOnLog extends Handler implements AutoCloseable {
    private final Connection blocker;
    private final String trigger;
    private final Logger logger = Logger.getLogger("dev.retort");
    volatile boolean released;
    Runnable whenReleased = () -> {};

    private ReleaseOnLog(Connection blocker, String trigger) {
      this.blocker = blocker;
      this.trigger = trigger;
    }

    static ReleaseOnLog on(Connection blocker, String trigger) {
      ReleaseOnLog handler = new ReleaseOnLog(blocker, trigger);
      handler.logger.addHandler(handler);
      return handler;
    }

    @Override
    public void publish(LogRecord record) {
      String message = record.getMessage();
      if (record.getParameters() != null) {
        message = java.text.MessageFormat.format(message, record.getParameters());
      }
      if (!released && message.contains(trigger)) {
        try {
          whenReleased.run();
          blocker.rollback();
          released = true;
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
