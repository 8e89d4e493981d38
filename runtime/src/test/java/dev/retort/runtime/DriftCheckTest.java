package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.ServerDefault;
import dev.retort.runtime.ops.Table;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Retort#check()} on both databases: each kind of drift in one line, and none when none. */
class DriftCheckTest {
  @TempDir Path tempDir;

  private static final TestRegistry REGISTRY =
      TestRegistry.builder()
          .revision(
              "aa11",
              List.of(),
              new TestRegistry.Ops(
                  op -> {
                    op.createTable(
                        Table.named("workout")
                            .column(Column.of("id", ColumnType.integer()).primaryKey())
                            .column(Column.of("athlete", ColumnType.text()).notNull())
                            .column(
                                Column.of("note", ColumnType.text())
                                    .serverDefault(ServerDefault.value("none")))
                            .column(Column.of("started_at", ColumnType.timestamp())));
                    op.createIndex(Index.named("ix_workout_started").on("workout", "started_at"));
                  },
                  op -> op.dropTable("workout")),
              true)
          .revision(
              "bb22",
              List.of("aa11"),
              new TestRegistry.Ops(
                  op ->
                      op.createTable(
                          Table.named("athlete")
                              .column(Column.of("name", ColumnType.varchar(40)).primaryKey())),
                  op -> op.dropTable("athlete")),
              true)
          .build();

  private static Retort retort(DataSource dataSource) {
    return Retort.configure().dataSource(dataSource).registry(REGISTRY).load();
  }

  private static String schemaText(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return Schema.read(connection, Set.of()).toText();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private DataSource upgraded(TestDatabase database) {
    DataSource db = database.create(tempDir);
    retort(db).upgrade("head");
    return db;
  }

  /** Runs the check and asserts that it changed nothing and left no scratch behind. */
  private static DriftReport check(TestDatabase database, DataSource db) {
    String before = schemaText(db);
    DriftReport report = retort(db).check();
    assertEquals(before, schemaText(db), "the live database changed");
    if (database == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("0"),
          query(db, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE 'retort_scratch_%'"));
      assertEquals(List.of("\"$user\", public"), query(db, "SHOW search_path"));
    } else {
      String file = report.scratch().substring(report.scratch().lastIndexOf(' ') + 1);
      assertFalse(Files.exists(Path.of(file)), file + " left behind");
    }
    return report;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void untouchedDatabase_noDrift(TestDatabase database) {
    DataSource db = upgraded(database);

    DriftReport report = check(database, db);

    assertFalse(report.hasDrift(), report::toString);
    assertEquals(List.of("bb22"), report.revisions());
    assertEquals("no drift: the database matches its revisions at bb22\n", report.toString());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void columnAddedByHand_oneLine(TestDatabase database) {
    DataSource db = upgraded(database);
    execute(db, "ALTER TABLE workout ADD COLUMN mood VARCHAR(20)");

    DriftReport report = check(database, db);

    assertEquals(
        List.of("table workout: column mood: only in the database (varchar(20))"),
        report.differences());
    assertEquals(
        "drift: the database differs from its revisions at bb22 in 1 place (the revisions ≠ the"
            + " database)\n"
            + "  table workout: column mood: only in the database (varchar(20))\n",
        report.toString());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void indexDroppedByHand_oneLine(TestDatabase database) {
    DataSource db = upgraded(database);
    execute(db, "DROP INDEX ix_workout_started");

    assertEquals(
        List.of("table workout: index ix_workout_started: only in the revisions ((started_at))"),
        check(database, db).differences());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void defaultChangedByHand_oneLine(TestDatabase database) {
    DataSource db = upgraded(database);
    if (database == TestDatabase.POSTGRES) {
      execute(db, "ALTER TABLE workout ALTER COLUMN note SET DEFAULT 'n/a'");
    } else {
      // SQLite cannot change a default in place; by hand, people rebuild the table.
      execute(
          db,
          "CREATE TABLE workout_new (\"id\" INTEGER PRIMARY KEY NOT NULL, \"athlete\" TEXT NOT"
              + " NULL, \"note\" TEXT DEFAULT 'n/a', \"started_at\" TIMESTAMP)");
      execute(db, "INSERT INTO workout_new SELECT * FROM workout");
      execute(db, "DROP TABLE workout");
      execute(db, "ALTER TABLE workout_new RENAME TO workout");
      execute(db, "CREATE INDEX ix_workout_started ON workout (started_at)");
    }

    assertEquals(
        List.of("table workout: column note: default: 'none' ≠ 'n/a'"),
        check(database, db).differences());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void extraTable_oneLine(TestDatabase database) {
    DataSource db = upgraded(database);
    execute(db, "CREATE TABLE scratchpad (id INTEGER)");

    assertEquals(
        List.of("table scratchpad: only in the database"), check(database, db).differences());
  }

  /** A database at an older revision is compared with that revision, not with the head. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void olderRevision_comparedWithItsOwnSchema(TestDatabase database) {
    DataSource db = database.create(tempDir);
    retort(db).upgrade("aa11");

    DriftReport report = check(database, db);

    assertEquals(List.of("aa11"), report.revisions());
    assertTrue(report.differences().isEmpty(), report::toString);
  }

  /** A revision that needs rows only the live database holds cannot be replayed; nothing is left. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void revisionNeedingLiveRows_failsNamingIt_andLeavesNothing(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "aa11",
                List.of(),
                new TestRegistry.Sql(List.of("CREATE TABLE settings (k TEXT)"), List.of()),
                false)
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Ops(
                    op -> {
                      try (java.sql.Statement s = op.connection().createStatement();
                          java.sql.ResultSet r = s.executeQuery("SELECT k FROM settings")) {
                        if (!r.next()) {
                          throw new IllegalStateException("settings has no row");
                        }
                      } catch (SQLException e) {
                        throw new IllegalStateException(e);
                      }
                    },
                    op -> {}),
                false)
            .build();
    Retort retort = Retort.configure().dataSource(db).registry(registry).load();
    retort.upgrade("aa11");
    execute(db, "INSERT INTO settings (k) VALUES ('x')");
    retort.upgrade("head");
    String before = schemaText(db);

    RetortException failure =
        org.junit.jupiter.api.Assertions.assertThrows(RetortException.class, retort::check);

    String message = failure.getMessage();
    assertTrue(
        message.startsWith(
            "the drift check could not replay the revisions up to \"bb22\" into the temporary "
                + (database == TestDatabase.POSTGRES ? "schema retort_scratch_" : "SQLite file ")),
        message);
    assertTrue(message.contains("revision bb22 (test.Revision_bb22) failed"), message);
    assertTrue(message.contains("settings has no row"), message);
    assertTrue(message.contains("\n  the live database was not changed."), message);
    assertEquals(before, schemaText(db));
    assertEquals(List.of("bb22"), retort.current().revisions());
    if (database == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("0"),
          query(db, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE 'retort_scratch_%'"));
    } else {
      String file = message.substring(message.indexOf("SQLite file ") + 12, message.indexOf(".db") + 3);
      assertFalse(Files.exists(Path.of(file)), file + " left behind");
    }
  }

  // ---- A scratch data source the user supplies (PostgreSQL)

  private static Retort withScratch(DataSource live, DataSource scratch) {
    return Retort.configure().dataSource(live).registry(REGISTRY).scratchDataSource(scratch).load();
  }

  private static List<String> scratchSchemas(DataSource db) {
    return query(db, "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'retort_scratch_%'");
  }

  @Test
  void scratchDataSource_forALiveUserWithoutCreate_reportsDrift_bothLeftAsTheyWere() {
    DataSource live = upgraded(TestDatabase.POSTGRES);
    execute(live, "ALTER TABLE workout ADD COLUMN mood VARCHAR(20)");
    String role = "reader_" + System.nanoTime();
    execute(live, "CREATE ROLE " + role + " LOGIN");
    execute(live, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    PGSimpleDataSource reader = new PGSimpleDataSource();
    reader.setUrl(((PGSimpleDataSource) live).getUrl());
    reader.setUser(role);
    DataSource scratch = TestDatabase.POSTGRES.create(tempDir);
    String liveBefore = schemaText(live);

    // Without one, the check needs to create a schema in the live database, which this user may not.
    RetortException refused = assertThrows(RetortException.class, () -> retort(reader).check());
    assertTrue(refused.getMessage().contains("CREATE privilege"), refused.getMessage());

    DriftReport report = withScratch(reader, scratch).check();

    assertEquals(
        List.of("table workout: column mood: only in the database (varchar(20))"),
        report.differences());
    assertTrue(
        report.scratch().matches("the temporary schema retort_scratch_\\d+_\\d+ in the scratch"
            + " database the data source .*"),
        report.scratch());
    assertEquals(liveBefore, schemaText(live));
    assertEquals(List.of(), scratchSchemas(live));
    assertEquals("", schemaText(scratch));
    assertEquals(List.of(), scratchSchemas(scratch));
  }

  @Test
  void scratchDataSource_theLiveDatabaseByAnotherUrl_refused() {
    DataSource live = upgraded(TestDatabase.POSTGRES);
    PGSimpleDataSource same = new PGSimpleDataSource();
    same.setUrl(((PGSimpleDataSource) live).getUrl().replace("localhost", "127.0.0.1"));
    same.setUser("postgres");
    assertFalse(same.getUrl().equals(((PGSimpleDataSource) live).getUrl()), same.getUrl());
    String before = schemaText(live);

    RetortException refused =
        assertThrows(RetortException.class, () -> withScratch(live, same).check());

    assertTrue(
        refused.getMessage().startsWith("the scratch database the data source ")
            && refused.getMessage().contains(
                " is the live database (same server, same database name): the drift check"
                    + " replays the revisions there and must not touch the live one"),
        refused.getMessage());
    assertEquals(before, schemaText(live));
    assertEquals(List.of(), scratchSchemas(live));
  }

  @Test
  void scratchDataSource_notEmpty_refused_itsObjectsKept() {
    DataSource live = upgraded(TestDatabase.POSTGRES);
    DataSource scratch = TestDatabase.POSTGRES.create(tempDir);
    execute(scratch, "CREATE TABLE keep_me (id INTEGER)");

    RetortException refused =
        assertThrows(RetortException.class, () -> withScratch(live, scratch).check());

    assertTrue(
        refused.getMessage().contains(
            " is not empty: its current schema holds table keep_me; the drift check replays only"
                + " into an empty database, and never drops what it did not create"),
        refused.getMessage());
    assertEquals(List.of("0"), query(scratch, "SELECT COUNT(*) FROM keep_me"));
    assertEquals(List.of(), scratchSchemas(scratch));
  }

  @Test
  void scratchDataSource_withSqlite_refused() {
    DataSource live = upgraded(TestDatabase.SQLITE);

    RetortException refused =
        assertThrows(
            RetortException.class,
            () -> withScratch(live, TestDatabase.SQLITE.create(tempDir)).check());

    assertEquals(
        "scratchDataSource is set, but the live database is SQLite: a scratch data source is for"
            + " PostgreSQL; on SQLite the drift check replays into a temporary file, so remove"
            + " scratchDataSource (--scratch-url)",
        refused.getMessage());
  }
}
