package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Revisions with transactional = false: the statements that refuse a transaction. */
class NonTransactionalTest {
  @TempDir Path tempDir;

  private static TestRegistry registry(String statement, boolean transactional) {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(
                List.of("CREATE TABLE t (id INTEGER, name VARCHAR(20))"), List.of("DROP TABLE t")),
            true)
        .revision(
            "bb22",
            List.of("aa11"),
            new TestRegistry.Sql(List.of(statement), List.of("DROP INDEX IF EXISTS ix_t_name")),
            true,
            transactional,
            null)
        .build();
  }

  @Test
  void postgres_createIndexConcurrently_runsOnlyOutsideATransaction() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    String concurrently = "CREATE INDEX CONCURRENTLY ix_t_name ON t (name)";

    // Proof that revisions really run in a transaction: PostgreSQL refuses this one there.
    RevisionFailedException refused =
        assertThrows(
            RevisionFailedException.class,
            () ->
                Retort.configure()
                    .dataSource(dataSource)
                    .registry(registry(concurrently, true))
                    .load()
                    .upgrade("head"));
    assertTrue(refused.getMessage().contains("cannot run inside a transaction block"));
    assertEquals(List.of("aa11"), query(dataSource, "SELECT version_num FROM retort_version"));

    Retort retort =
        Retort.configure().dataSource(dataSource).registry(registry(concurrently, false)).load();
    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(
        List.of("ix_t_name"),
        query(dataSource, "SELECT indexname FROM pg_indexes WHERE tablename = 't'"));
    assertEquals(
        List.of("aa11 upgrade", "bb22 start-up", "bb22 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @Test
  void sqlite_vacuum_runsOutsideATransaction() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    assertThrows(
        RevisionFailedException.class,
        () ->
            Retort.configure()
                .dataSource(dataSource)
                .registry(registry("VACUUM", true))
                .load()
                .upgrade("head"));

    Retort retort =
        Retort.configure().dataSource(dataSource).registry(registry("VACUUM", false)).load();
    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
  }

  @Test
  void failureOutsideATransaction_saysWhatStayedApplied() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "aa11",
                List.of(),
                new TestRegistry.Sql(
                    List.of("CREATE TABLE kept (id INTEGER)", "CREATE TABLE kept (id INTEGER)"),
                    List.of()),
                true,
                false,
                null)
            .build();
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry).load();

    RevisionFailedException failure =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "revision aa11 (test.Revision_aa11) failed to upgrade outside a transaction"
                    + " (transactional = false): the statements it ran before the failure stay"
                    + " applied, and the version table still reads base (no revision applied)\n"
                    + "  statement: CREATE TABLE kept (id INTEGER)\n"),
        failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "make its statements safe to run again (IF NOT EXISTS / IF EXISTS), fix it, then"
                    + " run upgrade again"));
    assertEquals(
        List.of("kept", "retort_history", "retort_version"), TestDatabase.tables(dataSource));
    assertEquals(List.of(), retort.current().revisions());
    execute(dataSource, "DROP TABLE kept");
  }

  @Test
  void sqlite_lockFile_isCreatedOnlyForARevisionOutsideATransaction_andNamesItsHolder()
      throws Exception {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Path lockFile =
        Path.of(
            TestDatabase.SQLITE.jdbcUrl(dataSource).substring("jdbc:sqlite:".length())
                + ".retort-lock");
    Retort retort =
        Retort.configure().dataSource(dataSource).registry(registry("VACUUM", false)).load();

    retort.upgrade("aa11");
    assertFalse(Files.exists(lockFile), "a transactional revision needs no lock file");

    retort.upgrade("head");
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertTrue(
        Files.readString(lockFile).startsWith("pid " + ProcessHandle.current().pid() + " (since "),
        Files.readString(lockFile));
  }
}
