package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Enum evolution on both databases: {@code addEnumValue}, {@code replaceEnumValues}, and a batch
 * that changes a column's enum type. Revision aa11 creates two tables of enum type workout_kind
 * with rows; bb22 evolves it.
 */
class EnumEvolutionTest {
  @TempDir Path tempDir;

  private static final ColumnType KIND =
      ColumnType.enumeration("workout_kind", List.of("run", "ride"));

  private static Retort retort(DataSource dataSource, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Ops(
                        op -> {
                          op.createTable(
                              Table.named("workout")
                                  .column(Column.of("id", ColumnType.integer()).primaryKey())
                                  .column(
                                      Column.of("kind", KIND)
                                          .notNull()
                                          .serverDefault(ServerDefault.value("run"))));
                          op.createTable(
                              Table.named("plan")
                                  .column(Column.of("id", ColumnType.integer()).primaryKey())
                                  .column(Column.of("kind", KIND)));
                          op.execute(
                              "INSERT INTO workout (id, kind) VALUES (1, 'run'), (2, 'ride')");
                          op.execute("INSERT INTO plan (id, kind) VALUES (1, 'run')");
                        },
                        op -> {}),
                    true)
                .revision("bb22", List.of("aa11"), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  private static void assertFails(DataSource dataSource, String sql) {
    assertThrows(IllegalStateException.class, () -> execute(dataSource, sql), sql);
  }

  /** What every SQLite rebuild must leave: a sound file, no orphans, no temporary table. */
  private static void assertSound(TestDatabase db, DataSource dataSource) {
    if (db == TestDatabase.SQLITE) {
      assertEquals(List.of("ok"), query(dataSource, "PRAGMA integrity_check"));
      assertEquals(List.of(), query(dataSource, "SELECT * FROM pragma_foreign_key_check"));
      assertEquals(
          List.of(),
          query(
              dataSource,
              "SELECT name FROM sqlite_master WHERE name LIKE '\\_retort%' ESCAPE '\\'"));
    }
  }

  private static List<String> rows(DataSource dataSource) {
    return query(
        dataSource,
        "SELECT 'w' || id || ' ' || kind FROM workout UNION ALL SELECT 'p' || id || ' ' || kind"
            + " FROM plan ORDER BY 1");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void addEnumValue_everyColumnOfTheTypeAcceptsIt_afterTheRevision(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = retort(dataSource, op -> op.addEnumValue("workout_kind", "swim"));
    retort.upgrade("aa11");
    assertFails(dataSource, "INSERT INTO workout (id, kind) VALUES (3, 'swim')");

    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    execute(dataSource, "INSERT INTO workout (id, kind) VALUES (3, 'swim')");
    execute(dataSource, "INSERT INTO plan (id, kind) VALUES (2, 'swim')");
    execute(dataSource, "INSERT INTO workout (id) VALUES (4)"); // the default survived
    assertFails(dataSource, "INSERT INTO plan (id, kind) VALUES (3, 'walk')");
    assertEquals(
        List.of("p1 run", "p2 swim", "w1 run", "w2 ride", "w3 swim", "w4 run"), rows(dataSource));
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("run", "ride", "swim"),
          query(dataSource, "SELECT unnest(enum_range(NULL::workout_kind))::text"));
    } else {
      assertEquals(
          List.of(
              "CREATE TABLE \"plan\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"kind\" VARCHAR(4)"
                  + " CONSTRAINT \"workout_kind\" CHECK (\"kind\" IN ('run', 'ride', 'swim')))"),
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'plan'"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void addEnumValue_thatTheTypeHas_failsNamingItsValues(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = retort(dataSource, op -> op.addEnumValue("workout_kind", "ride"));
    retort.upgrade("aa11");

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "enum type workout_kind already has the value 'ride' (its values are [run,"
                    + " ride]); remove the addEnumValue call"),
        failed.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void replaceEnumValues_addsRemovesAndReorders_andTheNewValueIsUsableAtOnce(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.execute("DELETE FROM workout WHERE kind = 'ride'");
              op.replaceEnumValues("workout_kind", List.of("swim", "run", "walk"));
              // Unlike ADD VALUE on PostgreSQL, the new type is usable in the same transaction.
              op.execute("INSERT INTO workout (id, kind) VALUES (5, 'walk')");
            });

    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    execute(dataSource, "INSERT INTO plan (id, kind) VALUES (2, 'swim')");
    execute(dataSource, "INSERT INTO workout (id) VALUES (6)"); // the default survived
    assertFails(dataSource, "INSERT INTO plan (id, kind) VALUES (3, 'ride')");
    assertEquals(List.of("p1 run", "p2 swim", "w1 run", "w5 walk", "w6 run"), rows(dataSource));
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("swim", "run", "walk"),
          query(dataSource, "SELECT unnest(enum_range(NULL::workout_kind))::text"));
      assertEquals(
          List.of("workout_kind"),
          query(
              dataSource,
              "SELECT typname FROM pg_type WHERE typname LIKE '%workout_kind%'"
                  + " AND typtype = 'e'"));
    } else {
      assertTrue(
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'workout'")
              .get(0)
              .contains("CONSTRAINT \"workout_kind\" CHECK (\"kind\" IN ('swim', 'run', 'walk'))"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void replaceEnumValues_removingAValueInUse_failsNamingIt_andChangesNothing(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(dataSource, op -> op.replaceEnumValues("workout_kind", List.of("run", "swim")));
    retort.upgrade("aa11");

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "cannot remove value 'ride' from enum type workout_kind: column kind of table"
                    + " workout still holds it; nothing was changed. Update or delete those rows"
                    + " first"),
        failed.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertEquals(List.of("p1 run", "w1 run", "w2 ride"), rows(dataSource));
    execute(dataSource, "INSERT INTO plan (id, kind) VALUES (2, 'ride')");
    assertFails(dataSource, "INSERT INTO plan (id, kind) VALUES (3, 'swim')");
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void batchAlterColumn_toAnotherEnumType_changesTheCheck_andToTextDropsIt(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    ColumnType effort = ColumnType.enumeration("plan_effort", List.of("run", "easy", "hard"));
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.batchAlterTable(
                  "plan", batch -> batch.alterColumn("kind", ColumnChange.of().type(effort)));
              op.batchAlterTable(
                  "workout",
                  batch ->
                      batch.alterColumn(
                          "kind",
                          ColumnChange.of().type(ColumnType.varchar(20)).dropServerDefault()));
            });

    retort.upgrade("head");

    execute(dataSource, "INSERT INTO plan (id, kind) VALUES (2, 'hard')");
    assertFails(dataSource, "INSERT INTO plan (id, kind) VALUES (3, 'ride')");
    execute(dataSource, "INSERT INTO workout (id, kind) VALUES (3, 'anything')");
    assertEquals(
        List.of("p1 run", "p2 hard", "w1 run", "w2 ride", "w3 anything"), rows(dataSource));
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void batchAlterColumn_sameEnumTypeWithOtherValues_isRefusedPointingAtReplaceEnumValues(
      TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op ->
                op.batchAlterTable(
                    "plan",
                    batch ->
                        batch.alterColumn(
                            "kind",
                            ColumnChange.of()
                                .type(
                                    ColumnType.enumeration(
                                        "workout_kind", List.of("run", "ride", "swim"))))));
    retort.upgrade("aa11");

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed.getMessage().contains("op.replaceEnumValues(\"workout_kind\", List.of(...))"),
        failed.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertFails(dataSource, "INSERT INTO plan (id, kind) VALUES (3, 'swim')");
  }
}
