package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnChange;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.ReferentialAction;
import dev.retort.runtime.ops.Table;
import dev.retort.runtime.testing.SqlScripts;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Offline scripts ({@code upgradeScript}, {@code downgradeScript}) run on an empty database reach
 * the schema, version row and history of the online commands, on PostgreSQL and SQLite.
 */
class OfflineSqlTest {
  @TempDir Path tempDir;

  private static final List<String> KINDS = List.of("run", "ride");

  /**
   * a1 -> (b1 | b2) -> c1 (merge) -> d1 (transactional = false) -> e1. Typed operations, an enum
   * type shared by two columns, a batch (a SQLite rebuild), raw SQL with a bound parameter and a
   * bulk insert.
   */
  private static TestRegistry registry(TestDatabase db) {
    return TestRegistry.builder()
        .revision(
            "a1",
            List.of(),
            ops(
                op -> {
                  op.createTable(
                      Table.named("athlete")
                          .column(Column.of("id", ColumnType.bigint()).identity())
                          .column(Column.of("name", ColumnType.varchar(40)).notNull()));
                  op.execute("INSERT INTO athlete (name) VALUES (?)", "O'Brien");
                  if (db == TestDatabase.SQLITE) {
                    // b2 and c1 rebuild athlete: the rebuild must find and recreate these.
                    op.execute("CREATE VIEW athlete_names AS SELECT name FROM athlete");
                    op.execute(
                        "CREATE TRIGGER athlete_trim AFTER INSERT ON athlete BEGIN\n"
                            + "  UPDATE athlete SET name = trim(name) WHERE id = NEW.id;\n"
                            + "END");
                  }
                },
                op -> {
                  if (db == TestDatabase.SQLITE) {
                    op.execute("DROP TRIGGER athlete_trim");
                    op.execute("DROP VIEW athlete_names");
                  }
                  op.dropTable("athlete");
                }),
            true)
        .revision(
            "b1",
            List.of("a1"),
            ops(
                op -> {
                  op.createTable(
                      Table.named("workout")
                          .column(Column.of("id", ColumnType.bigint()).identity())
                          .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
                          .column(
                              Column.of("kind", ColumnType.enumeration("workout_kind", KINDS))
                                  .notNull())
                          .foreignKey(
                              ForeignKey.from("athlete_id")
                                  .references("athlete", "id")
                                  .onDelete(ReferentialAction.CASCADE)
                                  .named("fk_workout_athlete")));
                  op.createIndex(Index.named("ix_workout_athlete").on("workout", "athlete_id"));
                  op.bulkInsert(
                      "workout",
                      List.of(
                          Column.of("athlete_id", ColumnType.bigint()),
                          Column.of("kind", ColumnType.enumeration("workout_kind", KINDS))),
                      List.of(List.of(1L, "run"), List.of(1L, "ride")));
                },
                op -> op.dropTable("workout")),
            true)
        .revision(
            "b2",
            List.of("a1"),
            ops(
                op -> {
                  op.addColumn("athlete", Column.of("email", ColumnType.varchar(200)));
                  op.batchAlterTable(
                      "athlete",
                      batch ->
                          batch.alterColumn("name", ColumnChange.of().type(ColumnType.text())));
                },
                op -> {
                  op.batchAlterTable(
                      "athlete",
                      batch ->
                          batch.alterColumn(
                              "name", ColumnChange.of().type(ColumnType.varchar(40))));
                  op.dropColumn("athlete", "email");
                }),
            true)
        .revision(
            "c1",
            List.of("b1", "b2"),
            ops(
                op -> {
                  op.batchAlterTable(
                      "athlete",
                      batch -> batch.createUniqueConstraint("uq_athlete_email", "email"));
                  op.addColumn(
                      "workout",
                      Column.of("planned", ColumnType.enumeration("workout_kind", KINDS)));
                },
                op -> {
                  op.dropColumn("workout", "planned");
                  op.batchAlterTable("athlete", batch -> batch.dropConstraint("uq_athlete_email"));
                }),
            true)
        .revision(
            "d1",
            List.of("c1"),
            ops(
                op ->
                    op.execute(
                        db == TestDatabase.POSTGRES
                            ? "CREATE INDEX CONCURRENTLY ix_athlete_name ON athlete (name)"
                            : "CREATE INDEX ix_athlete_name ON athlete (name)"),
                op -> op.dropIndex("ix_athlete_name")),
            true,
            false,
            "checksum-of-d1")
        .revision(
            "e1",
            List.of("d1"),
            ops(
                op ->
                    op.createTable(
                        Table.named("mood")
                            .column(Column.of("id", ColumnType.integer()).primaryKey())
                            .column(
                                Column.of(
                                    "feeling",
                                    ColumnType.enumeration("feeling", List.of("good", "bad"))))),
                op -> op.dropTable("mood")),
            true)
        .build();
  }

  private static Migration ops(Consumer<Operations> up, Consumer<Operations> down) {
    return new TestRegistry.Ops(up, down);
  }

  private static Retort online(DataSource dataSource, RevisionRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  /** A Retort that knows only the dialect: it cannot reach any database. */
  private static Retort offline(TestDatabase db, RevisionRegistry registry) {
    return Retort.configure()
        .dialect(db == TestDatabase.POSTGRES ? Dialect.postgres() : Dialect.sqlite())
        .registry(registry)
        .load();
  }

  /** Everything that makes up the schema, plus version rows, history and row counts. */
  private static List<String> state(TestDatabase db, DataSource dataSource) {
    List<String> state = new ArrayList<>();
    if (db == TestDatabase.POSTGRES) {
      state.addAll(
          query(
              dataSource,
              "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || udt_name"
                  + " || ' ' || is_nullable || ' ' || coalesce(column_default, '')"
                  + " FROM information_schema.columns WHERE table_schema = 'public'"
                  + " ORDER BY table_name, ordinal_position"));
      state.addAll(
          query(
              dataSource,
              "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"));
      state.addAll(
          query(
              dataSource,
              "SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint"
                  + " WHERE connamespace = 'public'::regnamespace ORDER BY conname"));
      state.addAll(
          query(
              dataSource,
              "SELECT t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)"
                  + " FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname"
                  + " ORDER BY t.typname"));
    } else {
      state.addAll(
          query(
              dataSource,
              "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master"
                  + " ORDER BY type, name"));
    }
    state.addAll(TestDatabase.fingerprint(dataSource));
    state.add("version: " + query(dataSource, "SELECT version_num FROM retort_version"));
    state.add(
        "history: "
            + query(
                dataSource,
                "SELECT revision_id || ' ' || action || ' ' || coalesce(checksum, '-')"
                    + " FROM retort_history ORDER BY id"));
    state.add("athletes: " + query(dataSource, "SELECT name FROM athlete ORDER BY id"));
    return state;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeScriptFromBase_onEmptyDatabase_reachesOnlineSchemaAndVersion(TestDatabase db) {
    TestRegistry registry = registry(db);
    DataSource online = db.create(tempDir);
    online(online, registry).upgrade("head");
    DataSource scripted = db.create(tempDir);

    SqlScript script = offline(db, registry).upgradeScript("head");
    SqlScripts.run(scripted, script.text());

    assertEquals(state(db, online), state(db, scripted));
    assertEquals(List.of("e1"), query(scripted, "SELECT version_num FROM retort_version"));
    assertEquals(List.of("a1", "b1", "b2", "c1", "d1", "e1"), script.revisions());
    assertEquals(List.of(), script.from());
    assertEquals(List.of("e1"), script.to());
    assertTrue(
        script.text().contains("-- Running upgrade b1, b2 -> c1, revision c1 (test.Revision_c1)"),
        script.text());
    assertTrue(
        script
            .text()
            .contains(
                "-- transactional = false: these statements run outside a transaction\n"
                    + "INSERT INTO \"retort_history\" (revision_id, action, checksum, applied_at,"
                    + " duration_ms, applied_by) VALUES ('d1', 'start-up', 'checksum-of-d1', "
                    + (db == TestDatabase.POSTGRES
                        ? "clock_timestamp(), 0, CURRENT_USER);\n"
                        : "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 0, NULL);\n")
                    + (db == TestDatabase.POSTGRES
                        ? "CREATE INDEX CONCURRENTLY ix_athlete_name ON athlete (name);\nBEGIN;\n"
                        : "CREATE INDEX ix_athlete_name ON athlete (name);\nBEGIN;\n")),
        script.text());
    if (db == TestDatabase.POSTGRES) {
      // The type is created once, by b1; c1's column finds it through the model of the catalog.
      assertEquals(1, count(script.text(), "CREATE TYPE \"workout_kind\""), script.text());
    } else {
      assertTrue(script.text().contains("INSERT INTO \"_retort_new_athlete\""), script.text());
      // Each rebuild of athlete drops and recreates the view and the trigger, body included.
      String triggerEnd = "  UPDATE athlete SET name = trim(name) WHERE id = NEW.id;\nEND;\n";
      assertEquals(3, count(script.text(), triggerEnd), script.text());
      assertEquals(
          2, count(script.text(), "DROP VIEW IF EXISTS \"athlete_names\";"), script.text());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void dialectFromTheJdbcUrl_writesTheScriptWithoutConnecting(TestDatabase db) {
    Path file = tempDir.resolve("never-opened.db");
    String url =
        db == TestDatabase.POSTGRES
            ? "jdbc:postgresql://host.invalid:1/app" // unresolvable: a connection would fail
            : "jdbc:sqlite:" + file; // opening it would create the file

    SqlScript script =
        Retort.configure()
            .dataSource(url, "someone", "secret")
            .registry(registry(db))
            .load()
            .upgradeScript("head");

    assertEquals(db == TestDatabase.POSTGRES ? "PostgreSQL" : "SQLite", script.dialect());
    assertEquals(List.of("e1"), script.to());
    assertTrue(!java.nio.file.Files.exists(file));
  }

  @Test
  void dialectOfAnotherDataSource_isReadFromItsMetadata() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    SqlScript script =
        Retort.configure()
            .dataSource(dataSource)
            .registry(registry(TestDatabase.SQLITE))
            .load()
            .upgradeScript("a1");

    assertEquals("SQLite", script.dialect());
    assertEquals(List.of("a1"), script.revisions());
  }

  @Test
  void retortWithOnlyADialect_refusesOnlineCommandsNamingTheSetting() {
    RetortException e =
        assertThrows(
            RetortException.class,
            () -> offline(TestDatabase.SQLITE, registry(TestDatabase.SQLITE)).upgrade("head"));

    assertEquals(
        "dataSource is not set: this Retort was loaded with only dialect(...), which writes"
            + " offline scripts; call dataSource(...) to run commands on a database",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeScriptFromRevision_afterOnlineUpgrade_reachesHead(TestDatabase db) {
    TestRegistry registry = registry(db);
    DataSource online = db.create(tempDir);
    online(online, registry).upgrade("head");
    DataSource partly = db.create(tempDir);
    online(partly, registry).upgrade("b2");

    SqlScript script = offline(db, registry).upgradeScript("b2:head");
    SqlScripts.run(partly, script.text());

    assertEquals(List.of("b1", "c1", "d1", "e1"), script.revisions());
    // a1 and b2 were replayed to know the schema, not written.
    assertTrue(!script.text().contains("-> b2"), script.text());
    assertEquals(withoutHistory(state(db, online)), withoutHistory(state(db, partly)));
    assertEquals(List.of("e1"), query(partly, "SELECT version_num FROM retort_version"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeScript_fromHead_returnsToOnlineDowngradeState(TestDatabase db) {
    TestRegistry registry = registry(db);
    DataSource online = db.create(tempDir);
    Retort retort = online(online, registry);
    retort.upgrade("head");
    retort.downgrade("a1");
    DataSource scripted = db.create(tempDir);
    Retort offline = offline(db, registry);
    SqlScripts.run(scripted, offline.upgradeScript("head").text());

    SqlScript script = offline.downgradeScript("head:a1");
    SqlScripts.run(scripted, script.text());

    assertEquals(List.of("e1", "d1", "c1", "b2", "b1"), script.revisions());
    assertEquals(List.of("a1"), script.to());
    assertEquals(state(db, online), state(db, scripted));
    if (db == TestDatabase.POSTGRES) {
      // b1's downgrade drops the last column of workout_kind, so the type goes too.
      assertEquals(List.of(), query(scripted, "SELECT typname FROM pg_type WHERE typtype = 'e'"));
      assertEquals(1, count(script.text(), "DROP TYPE \"workout_kind\""), script.text());
    }
  }

  @Test
  void downgradeScript_withoutStart_isRefused() {
    InvalidTargetException e =
        assertThrows(
            InvalidTargetException.class,
            () ->
                offline(TestDatabase.SQLITE, registry(TestDatabase.SQLITE)).downgradeScript("a1"));
    assertTrue(e.getMessage().startsWith("a downgrade script needs start:end"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeScript_relativeEnd_countsFromTheStart(TestDatabase db) {
    SqlScript script = offline(db, registry(db)).downgradeScript("head:-2");

    assertEquals(List.of("e1", "d1"), script.revisions());
    assertEquals(List.of("e1"), script.from());
    assertEquals(List.of("c1"), script.to());
    assertTrue(
        script.text().contains("-- Running downgrade e1 -> d1, revision e1 (test.Revision_e1)\n"),
        script.text());
  }

  @Test
  void postgresEnumDecision_afterRawDdlOnTheType_failsNamingBothRevisions() {
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "m1",
                List.of(),
                new TestRegistry.Sql(
                    List.of("CREATE TYPE mood AS ENUM ('good', 'bad')"), List.of("DROP TYPE mood")),
                true)
            .revision(
                "m2",
                List.of("m1"),
                ops(
                    op ->
                        op.createTable(
                            Table.named("t")
                                .column(
                                    Column.of(
                                        "m",
                                        ColumnType.enumeration("mood", List.of("good", "bad"))))),
                    op -> op.dropTable("t")),
                true)
            .build();

    RetortException e =
        assertThrows(
            RetortException.class,
            () -> offline(TestDatabase.POSTGRES, registry).upgradeScript("head"));

    assertEquals(
        "revision m2 (test.Revision_m2) could not be written as offline SQL (upgrade): offline SQL"
            + " cannot tell what the enum type mood is at this point: revision m1 changed it with"
            + " raw SQL (op.execute(\"CREATE TYPE mood AS ENUM ('good', 'bad')\")), which only a"
            + " database can follow. Write that change with typed operations, or run these"
            + " revisions online",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void dateTimesInBulkInsert_followTheOnlineRule(TestDatabase db) {
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.integer()),
            Column.of("at", ColumnType.timestamp()),
            Column.of("at_tz", ColumnType.timestampWithTimeZone()),
            Column.of("day", ColumnType.date()));
    java.time.OffsetDateTime berlin =
        java.time.OffsetDateTime.of(2026, 12, 1, 9, 30, 0, 0, java.time.ZoneOffset.ofHours(2));
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "t1",
                List.of(),
                ops(
                    op -> {
                      Table table = Table.named("event");
                      for (Column column : columns) {
                        table = table.column(column);
                      }
                      op.createTable(table);
                      op.bulkInsert(
                          "event",
                          columns,
                          List.of(
                              List.of(1, berlin, berlin, java.time.LocalDate.of(2026, 12, 1)),
                              List.of(
                                  2,
                                  java.time.LocalDateTime.of(2026, 12, 1, 7, 30),
                                  berlin.toInstant(),
                                  java.time.LocalDate.of(2026, 12, 2))));
                    },
                    op -> op.dropTable("event")),
                true)
            .build();
    DataSource online = db.create(tempDir);
    online(online, registry).upgrade("head");
    DataSource scripted = db.create(tempDir);

    SqlScripts.run(scripted, offline(db, registry).upgradeScript("head").text());

    String rows =
        "SELECT CAST(id AS TEXT) || ' ' || CAST(at AS TEXT) || ' ' || CAST(at_tz AS TEXT) || ' '"
            + " || CAST(day AS TEXT) FROM event ORDER BY id";
    assertEquals(query(online, rows), query(scripted, rows));
    assertTrue(query(scripted, rows).get(0).startsWith("1 2026-12-01 07:30:00 "));
  }

  @Test
  void zonedDateTimeInPostgresExecute_isRefused_becauseOnlyTheColumnTypeDecidesItsForm() {
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "x1",
                List.of(),
                ops(
                    op -> op.execute("INSERT INTO t (at) VALUES (?)", java.time.Instant.EPOCH),
                    op -> {}),
                true)
            .build();

    RetortException e =
        assertThrows(
            RetortException.class,
            () -> offline(TestDatabase.POSTGRES, registry).upgradeScript("head"));

    assertEquals(
        "revision x1 (test.Revision_x1) could not be written as offline SQL (upgrade): offline SQL"
            + " cannot bind the parameters of INSERT INTO t (at) VALUES (?) (getParameterMetaData:"
            + " offline SQL has no database connection to ask): on PostgreSQL a date-time in"
            + " execute(sql, parameters) takes its form from the column's type, which only the"
            + " database knows; use bulkInsert with typed columns, or write the value in the SQL",
        e.getMessage());
  }

  /** r1 creates t; r2 decides from data through op.connection(); r3 rebuilds t in a batch. */
  private static TestRegistry readingRegistry() {
    return TestRegistry.builder()
        .revision(
            "r1",
            List.of(),
            ops(
                op -> op.createTable(Table.named("t").column(Column.of("a", ColumnType.text()))),
                op -> op.dropTable("t")),
            true)
        .revision(
            "r2",
            List.of("r1"),
            ops(
                op -> {
                  try (var rows =
                      op.connection().createStatement().executeQuery("SELECT a FROM t")) {
                    if (!rows.next()) {
                      op.addColumn("t", Column.of("b", ColumnType.text()));
                    }
                  } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                  }
                },
                op -> {}),
            true)
        .revision(
            "r3",
            List.of("r2"),
            ops(
                op ->
                    op.batchAlterTable(
                        "t", batch -> batch.alterColumn("a", ColumnChange.of().notNull())),
                op -> {}),
            true)
        .build();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void revisionReadingTheDatabase_failsNamingIt(TestDatabase db) {
    RetortException e =
        assertThrows(
            RetortException.class, () -> offline(db, readingRegistry()).upgradeScript("head"));

    assertEquals(
        "revision r2 (test.Revision_r2) reads the database (op.connection()), so offline SQL"
            + " cannot write its statements: they depend on what it reads; run it online, or"
            + " allow a placeholder comment in its place (SqlScript.DatabaseReads.PLACEHOLDER)",
        e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void revisionReadingTheDatabase_withPlaceholder_isLeftOutWithAComment(TestDatabase db) {
    SqlScript script =
        offline(db, readingRegistry()).upgradeScript("r2", SqlScript.DatabaseReads.PLACEHOLDER);

    assertEquals(List.of("r2"), script.placeholders());
    assertTrue(
        script
            .text()
            .endsWith(
                "-- Running upgrade r1 -> r2, revision r2 (test.Revision_r2)\n"
                    + "-- LEFT OUT: revision r2 reads the database (op.connection()), so its"
                    + " statements cannot be written offline.\n"
                    + "-- Stop here, run its upgrade online (it also changes the version row),"
                    + " then run the rest of this script.\n"),
        script.text());
    // The script up to the placeholder runs; the online upgrade then records r2 itself.
    DataSource dataSource = db.create(tempDir);
    SqlScripts.run(dataSource, script.text());
    assertEquals(List.of("r1"), query(dataSource, "SELECT version_num FROM retort_version"));
  }

  @Test
  void batchAfterAPlaceholder_failsOnSqlite_becauseTheSchemaIsUnknown() {
    RetortException e =
        assertThrows(
            RetortException.class,
            () ->
                offline(TestDatabase.SQLITE, readingRegistry())
                    .upgradeScript("head", SqlScript.DatabaseReads.PLACEHOLDER));

    assertEquals(
        "revision r3 (test.Revision_r3) could not be written as offline SQL (upgrade): it needs"
            + " the schema at its point of the script, but revision r2 (Revision_r2) was left out"
            + " before it (it reads the database), so offline SQL cannot know that schema; run r2"
            + " (Revision_r2) online first, then write the script from it",
        e.getMessage());
  }

  private static List<String> withoutHistory(List<String> state) {
    return state.stream().filter(line -> !line.startsWith("history: ")).toList();
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
