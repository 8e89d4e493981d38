package dev.retort.runtime.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.Retort;
import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.PoolOfOne;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A held lock makes a second migrator wait, then fail with the setting to change; nothing moves.
 */
class MigrationLockTest {
  @TempDir Path tempDir;

  private static Retort retort(DataSource dataSource, Duration timeout) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Sql(List.of("CREATE TABLE a (id INTEGER)"), List.of()),
                    true)
                .build())
        .lockTimeout(timeout)
        .load();
  }

  @Test
  void postgres_heldAdvisoryLock_timesOutNamingTheHolderAndTheSetting() throws Exception {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    try (Connection holder = dataSource.getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, PostgresDialect.advisoryLockKey("retort_version"));
      lock.execute();
      int holderPid;
      try (Statement statement = holder.createStatement();
          var rows = statement.executeQuery("SELECT pg_backend_pid()")) {
        rows.next();
        holderPid = rows.getInt(1);
      }

      LockTimeoutException timeout;
      try (LogRecorder log = LogRecorder.start()) {
        timeout =
            assertThrows(
                LockTimeoutException.class,
                () -> retort(dataSource, Duration.ofMillis(300)).upgrade("head"));
        assertTrue(
            log.lines()
                .contains(
                    "waiting for the migration lock on retort_version, held by pid "
                        + holderPid
                        + " (user postgres, application PostgreSQL JDBC Driver, idle)"),
            log.lines().toString());
      }

      assertTrue(
          Pattern.matches(
              "could not take the migration lock on retort_version within PT0\\.3S \\(setting"
                  + " lockTimeout\\): it is held by pid "
                  + holderPid
                  + " \\(user postgres, application PostgreSQL JDBC Driver, idle\\); wait for that"
                  + " migration to finish, or raise lockTimeout",
              timeout.getMessage()),
          timeout.getMessage());
    }
    assertEquals(List.of(), retort(dataSource, Duration.ofSeconds(5)).current().revisions());
    retort(dataSource, Duration.ofSeconds(5)).upgrade("head");
    assertEquals(List.of("aa11"), retort(dataSource, Duration.ofSeconds(5)).current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void poolOfOneConnection_migratesOnIt_andLeavesNoLockBehind(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir);
    try (PoolOfOne pool = new PoolOfOne(dataSource, 2_000)) {
      Retort retort = retort(pool, Duration.ofSeconds(5));

      retort.upgrade("head");

      assertEquals(List.of("aa11"), retort.current().revisions());
      assertEquals(List.of("0"), TestDatabase.query(pool, "SELECT count(*) FROM a"));
      // The pooled connection went back without the lock: another migrator takes it at once.
      retort(dataSource, Duration.ofMillis(300)).downgrade("base");
      assertEquals(List.of(), retort.current().revisions());
      retort.stamp("head");
      assertEquals(List.of("aa11"), retort.current().revisions());
    }
  }

  @Test
  void sqlite_readerHoldingATransactionOpen_commitTimesOutNamingTheSetting() throws Exception {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    TestDatabase.execute(dataSource, "CREATE TABLE r (id INTEGER)");
    TestDatabase.execute(dataSource, "INSERT INTO r VALUES (1)");
    try (Connection reader = dataSource.getConnection();
        Statement statement = reader.createStatement()) {
      // A read transaction holds SQLite's shared lock until it ends; a COMMIT must wait for it.
      statement.execute("BEGIN");
      try (var rows = statement.executeQuery("SELECT id FROM r")) {
        rows.next();
      }

      LockTimeoutException timeout =
          assertThrows(
              LockTimeoutException.class,
              () -> retort(dataSource, Duration.ofMillis(300)).upgrade("head"));

      assertEquals(
          "could not commit within PT0.3S (setting lockTimeout): another connection holds a read"
              + " transaction open on the database, and SQLite commits only when no one is"
              + " reading; the transaction was rolled back. End that transaction (or switch the"
              + " database to WAL mode, where readers do not block a commit), or raise"
              + " lockTimeout",
          timeout.getMessage());
      statement.execute("ROLLBACK");
    }
    assertEquals(List.of(), retort(dataSource, Duration.ofSeconds(5)).current().revisions());
    assertEquals(
        List.of("r"),
        TestDatabase.tables(dataSource).stream().filter(t -> t.length() == 1).toList());
  }

  @Test
  void sqlite_exclusiveWriter_evenTheFirstReadEndsInALockTimeout() throws Exception {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    try (Connection holder = dataSource.getConnection();
        Statement statement = holder.createStatement()) {
      // An exclusive lock keeps even readers out, so the start-up read itself waits and fails.
      statement.execute("BEGIN EXCLUSIVE");

      LockTimeoutException timeout =
          assertThrows(
              LockTimeoutException.class,
              () -> retort(dataSource, Duration.ofMillis(300)).upgrade("head"));

      assertEquals(
          "could not take SQLite's write lock within PT0.3S (setting lockTimeout): another"
              + " connection is writing to the database; wait for it to finish, or raise"
              + " lockTimeout",
          timeout.getMessage());
      statement.execute("ROLLBACK");
    }
    retort(dataSource, Duration.ofSeconds(5)).upgrade("head");
    assertEquals(List.of("aa11"), retort(dataSource, Duration.ofSeconds(5)).current().revisions());
  }

  @Test
  void sqlite_heldWriteLock_timesOutNamingTheSetting() throws Exception {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    try (Connection holder = dataSource.getConnection();
        Statement statement = holder.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");

      LockTimeoutException timeout =
          assertThrows(
              LockTimeoutException.class,
              () -> retort(dataSource, Duration.ofMillis(300)).upgrade("head"));

      assertEquals(
          "could not take SQLite's write lock within PT0.3S (setting lockTimeout): another"
              + " connection is writing to the database; wait for it to finish, or raise"
              + " lockTimeout",
          timeout.getMessage());
      statement.execute("ROLLBACK");
    }
    retort(dataSource, Duration.ofSeconds(5)).upgrade("head");
    assertEquals(List.of("aa11"), retort(dataSource, Duration.ofSeconds(5)).current().revisions());
  }
}
