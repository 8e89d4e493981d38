package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.SqlScripts;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code @Revision(dialects = ...)} at run time: a revision for another database is recorded
 * without running, and {@code op.dialect()} lets one revision branch per database.
 */
class DialectsTest {
  @TempDir Path tempDir;

  /**
   * aa11 runs everywhere; bb22 is PostgreSQL's alone (CREATE TYPE, which SQLite cannot parse); cc33
   * is SQLite's alone (WITHOUT ROWID, which PostgreSQL refuses) and irreversible; dd44 runs
   * everywhere and writes what {@code op.dialect()} says. Every revision logs itself in {@code
   * applied_log}, which the test creates.
   */
  private static TestRegistry registry() {
    return registry(TestRegistry.builder().table("aa11"));
  }

  /**
   * The same, after a revision log0 that creates {@code applied_log} in each database's own SQL,
   * for offline scripts: replayed into a scratch database, they know only what revisions create.
   */
  private static TestRegistry registryCreatingTheLog() {
    return registry(
        TestRegistry.builder()
            .revision(
                "log0",
                List.of(),
                new TestRegistry.Ops(
                    op ->
                        op.execute(
                            op.dialect() == Database.POSTGRESQL
                                ? "CREATE TABLE applied_log (seq SERIAL PRIMARY KEY, revision"
                                    + " VARCHAR(40))"
                                : "CREATE TABLE applied_log (seq INTEGER PRIMARY KEY"
                                    + " AUTOINCREMENT, revision VARCHAR(40))"),
                    op -> op.execute("DROP TABLE applied_log")),
                true)
            .table("aa11", "log0"));
  }

  private static TestRegistry registry(TestRegistry.Builder builder) {
    return builder
        .revision(
            "bb22",
            List.of("aa11"),
            new TestRegistry.Sql(
                List.of(
                    "CREATE TYPE mood AS ENUM ('calm', 'cross')",
                    "INSERT INTO applied_log (revision) VALUES ('bb22')"),
                List.of("DROP TYPE mood", "INSERT INTO applied_log (revision) VALUES ('-bb22')")),
            true,
            true,
            "checksum-of-bb22",
            Set.of(Database.POSTGRESQL))
        .revision(
            "cc33",
            List.of("bb22"),
            new TestRegistry.Sql(
                List.of(
                    "CREATE TABLE keyed (k TEXT PRIMARY KEY) WITHOUT ROWID",
                    "INSERT INTO applied_log (revision) VALUES ('cc33')"),
                List.of()),
            false,
            true,
            "checksum-of-cc33",
            Set.of(Database.SQLITE))
        .revision(
            "dd44",
            List.of("cc33"),
            new TestRegistry.Ops(
                op -> {
                  op.execute("CREATE TABLE seen_by (dialect VARCHAR(20))");
                  op.execute("INSERT INTO seen_by (dialect) VALUES (?)", op.dialect().name());
                },
                op -> op.execute("DROP TABLE seen_by")),
            true)
        .build();
  }

  private DataSource database(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    return dataSource;
  }

  /** The history table's rows, oldest first, as "id action". */
  private static List<String> historyRows(Retort retort) {
    List<String> rows = new ArrayList<>();
    retort.historyRows().forEach(r -> rows.add(0, r.revisionId() + " " + r.action()));
    return rows;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgrade_recordsAnotherDatabasesRevisionWithoutRunningIt(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry()).load();
    boolean postgres = db == TestDatabase.POSTGRES;

    MigrationResult result;
    try (LogRecorder log = LogRecorder.start()) {
      result = retort.upgrade("head");
      String skipped = postgres ? "cc33" : "bb22";
      assertTrue(
          log.lines()
              .contains(
                  skipped
                      + ": not running upgrade Revision_"
                      + skipped
                      + " (revision "
                      + skipped
                      + "): it is for "
                      + (postgres ? "sqlite" : "postgresql")
                      + " only (@Revision(dialects)), and this is "
                      + (postgres ? "PostgreSQL" : "SQLite")
                      + "; recorded as upgraded without running"),
          log.lines().toString());
    }

    assertEquals(List.of("dd44"), result.to());
    assertEquals(
        List.of(false, !postgres, postgres, false),
        result.applied().stream().map(AppliedRevision::skipped).toList());
    assertEquals(
        List.of("aa11", postgres ? "bb22" : "cc33"),
        query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
    assertEquals(
        List.of(postgres ? "POSTGRESQL" : "SQLITE"),
        query(dataSource, "SELECT dialect FROM seen_by"));
    assertEquals(!postgres, tables(dataSource).contains("keyed"));
    assertEquals(
        postgres
            ? List.of("aa11 upgrade", "bb22 upgrade", "cc33 skip-up", "dd44 upgrade")
            : List.of("aa11 upgrade", "bb22 skip-up", "cc33 upgrade", "dd44 upgrade"),
        historyRows(retort));
    assertTrue(retort.current().isAtHead());
    assertTrue(retort.upgrade("head").isNoOp());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgrade_skipsAnotherDatabasesRevision_evenAnIrreversibleOne(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry()).load();
    boolean postgres = db == TestDatabase.POSTGRES;
    retort.upgrade("head");

    if (postgres) {
      // cc33 is SQLite's and irreversible: on PostgreSQL it did not run, so nothing stops this.
      MigrationResult result = retort.downgrade("base");
      assertEquals(List.of(), result.to());
      assertEquals(
          List.of(false, true, false, false),
          result.applied().stream().map(AppliedRevision::skipped).toList());
      assertEquals(
          List.of("aa11", "bb22", "-bb22", "-aa11"),
          query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
      assertEquals(
          List.of(), query(dataSource, "SELECT typname FROM pg_type WHERE typname = 'mood'"));
      assertEquals(
          List.of(
              "aa11 upgrade",
              "bb22 upgrade",
              "cc33 skip-up",
              "dd44 upgrade",
              "dd44 downgrade",
              "cc33 skip-down",
              "bb22 downgrade",
              "aa11 downgrade"),
          historyRows(retort));
    } else {
      // On SQLite cc33 ran and cannot be undone; below it, bb22 is PostgreSQL's alone.
      InvalidTargetException refused =
          assertThrows(InvalidTargetException.class, () -> retort.downgrade("base"));
      assertTrue(
          refused.getMessage().startsWith("cannot downgrade past cc33"), refused.getMessage());
      retort.downgrade("cc33");
      retort.stamp("bb22");
      MigrationResult result = retort.downgrade("base");
      assertEquals(
          List.of(true, false), result.applied().stream().map(AppliedRevision::skipped).toList());
      List<String> rows = historyRows(retort);
      assertEquals(
          List.of("bb22 stamp", "bb22 skip-down", "aa11 downgrade"),
          rows.subList(rows.size() - 3, rows.size()));
    }
    assertEquals(List.of(), retort.current().revisions());
  }

  /** What an upgrade leaves behind: version rows, history actions, what ran and what it saw. */
  private static List<String> outcome(DataSource dataSource) {
    List<String> outcome = new ArrayList<>();
    outcome.add("version " + query(dataSource, "SELECT version_num FROM retort_version"));
    outcome.add(
        "history "
            + query(
                dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
    outcome.add("ran " + query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
    outcome.add("tables " + tables(dataSource));
    return outcome;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void offlineScripts_recordAnotherDatabasesRevisionWithoutItsStatements(TestDatabase db) {
    boolean postgres = db == TestDatabase.POSTGRES;
    Retort offline =
        Retort.configure()
            .dialect(postgres ? Dialect.postgres() : Dialect.sqlite())
            .registry(registryCreatingTheLog())
            .load();
    DataSource online = db.create(tempDir);
    Retort.configure().dataSource(online).registry(registryCreatingTheLog()).load().upgrade("head");
    DataSource scripted = db.create(tempDir);

    SqlScript script = offline.upgradeScript("head");
    SqlScripts.run(scripted, script.text());

    assertEquals(outcome(online), outcome(scripted));
    assertEquals(
        List.of(postgres ? "POSTGRESQL" : "SQLITE"),
        query(scripted, "SELECT dialect FROM seen_by"));
    assertTrue(
        script
            .text()
            .contains(
                "-- not run: it is for "
                    + (postgres ? "sqlite" : "postgresql")
                    + " only (@Revision(dialects)), and this is "
                    + (postgres ? "PostgreSQL" : "SQLite")
                    + "; recorded as upgraded without running\nBEGIN;\n"),
        script.text());
    assertFalse(script.text().contains(postgres ? "WITHOUT ROWID" : "CREATE TYPE"), script.text());

    if (postgres) {
      // cc33 is irreversible but SQLite's: the way down on PostgreSQL is open offline too.
      SqlScripts.run(scripted, offline.downgradeScript("head:log0").text());
      assertEquals(List.of("log0"), query(scripted, "SELECT version_num FROM retort_version"));
      assertEquals(
          List.of("aa11", "bb22", "-bb22", "-aa11"),
          query(scripted, "SELECT revision FROM applied_log ORDER BY seq"));
    }
  }
}
