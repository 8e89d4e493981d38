package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.JdbcSpy;
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
 * The lock-safe forms of index and constraint changes, on both databases: concurrent index builds
 * and drops (only outside a transaction), constraints added NOT VALID and validated later, and a
 * unique constraint taken over from a unique index.
 */
class SafeFormsTest {
  @TempDir Path tempDir;

  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE athlete (id INTEGER PRIMARY KEY, email VARCHAR(100))",
          "CREATE TABLE workout (id INTEGER PRIMARY KEY, athlete_id INTEGER, seconds INTEGER)",
          "INSERT INTO athlete VALUES (1, 'a@x'), (2, 'b@x')",
          "INSERT INTO workout VALUES (10, 1, 30), (11, 99, -5)");

  private static Retort retort(
      DataSource dataSource, boolean transactional, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Sql(SCHEMA, List.of()), true)
                .revision(
                    "bb22",
                    List.of("aa11"),
                    new TestRegistry.Ops(up, op -> {}),
                    true,
                    transactional,
                    "checksum-of-bb22")
                .build())
        .load();
  }

  private static List<String> indexes(TestDatabase db, DataSource dataSource, String table) {
    return query(
        dataSource,
        db == TestDatabase.SQLITE
            ? "SELECT name FROM pragma_index_list('" + table + "') WHERE origin = 'c' ORDER BY name"
            : "SELECT indexname FROM pg_indexes WHERE tablename = '"
                + table
                + "' AND indexname NOT LIKE '%_pkey' ORDER BY indexname");
  }

  private static boolean sent(JdbcSpy spy, String sql) {
    return spy.statements().stream().anyMatch(s -> s.equals(sql));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void concurrentIndex_inANonTransactionalRevision_isBuiltAndDropped(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    JdbcSpy spy = JdbcSpy.on(dataSource);
    retort(
            spy.dataSource(),
            false,
            op -> {
              op.createIndex(
                  Index.named("ix_workout_athlete").on("workout", "athlete_id").concurrently());
              op.createIndexIfNotExists(
                  Index.named("ix_workout_seconds").on("workout", "seconds").concurrently());
              op.dropIndexConcurrently("ix_workout_seconds");
            })
        .upgrade("head");

    assertEquals(List.of("ix_workout_athlete"), indexes(db, dataSource, "workout"));
    String concurrently = db == TestDatabase.POSTGRES ? "CONCURRENTLY " : "";
    assertTrue(
        sent(
            spy,
            "CREATE INDEX "
                + concurrently
                + "\"ix_workout_athlete\" ON \"workout\" (\"athlete_id\")"),
        spy.statements().toString());
    assertTrue(
        sent(
            spy,
            "CREATE INDEX "
                + concurrently
                + "IF NOT EXISTS \"ix_workout_seconds\" ON \"workout\" (\"seconds\")"),
        spy.statements().toString());
    assertTrue(
        sent(spy, "DROP INDEX " + concurrently + "\"ix_workout_seconds\""),
        spy.statements().toString());
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("t"),
          query(
              dataSource,
              "SELECT indisvalid FROM pg_index WHERE indexrelid = 'ix_workout_athlete'::regclass"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void concurrentIndex_inATransactionalRevision_isRefusedBeforeAnythingRuns(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    RevisionFailedException create =
        assertThrows(
            RevisionFailedException.class,
            () ->
                retort(
                        dataSource,
                        true,
                        op ->
                            op.createIndex(
                                Index.named("ix_workout_athlete")
                                    .on("workout", "athlete_id")
                                    .concurrently()))
                    .upgrade("head"));
    assertTrue(
        create
            .getMessage()
            .contains(
                "revision bb22 (Revision_bb22) cannot create index ix_workout_athlete concurrently"
                    + " inside its transaction: PostgreSQL refuses CONCURRENTLY in a transaction"
                    + " block; mark the revision @Revision(..., transactional = false)"),
        create.getMessage());
    assertEquals(List.of(), indexes(db, dataSource, "workout"));

    RevisionFailedException drop =
        assertThrows(
            RevisionFailedException.class,
            () ->
                retort(dataSource, true, op -> op.dropIndexConcurrently("ix_any")).upgrade("head"));
    assertTrue(
        drop.getMessage().contains("cannot drop index ix_any concurrently inside its transaction"),
        drop.getMessage());
    assertEquals(List.of("aa11"), retort(dataSource, true, op -> {}).current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void constraintsAddedNotValid_spareOldRowsOnPostgres_andValidateLater(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    // The old row (11, 99, -5) breaks both constraints.
    Consumer<Operations> up =
        op -> {
          op.createCheckConstraintNotValid("ck_workout_seconds", "workout", "seconds > 0");
          op.batchAlterTable(
              "workout",
              batch ->
                  batch.createForeignKey(
                      ForeignKey.from("athlete_id")
                          .references("athlete", "id")
                          .named("fk_workout_athlete")
                          .notValid()));
        };
    if (db == TestDatabase.SQLITE) {
      // SQLite has no NOT VALID: the CHECK is checked against the rows already there at once.
      RevisionFailedException refused =
          assertThrows(
              RevisionFailedException.class, () -> retort(dataSource, true, up).upgrade("head"));
      assertTrue(refused.getMessage().contains("ck_workout_seconds"), refused.getMessage());
      execute(dataSource, "UPDATE workout SET seconds = 5, athlete_id = 2 WHERE id = 11");
      retort(
              dataSource,
              true,
              up.andThen(op -> op.validateConstraint("workout", "ck_workout_seconds")))
          .upgrade("head");
      assertThrows(
          IllegalStateException.class,
          () -> execute(dataSource, "INSERT INTO workout VALUES (12, 1, -1)"));
      execute(dataSource, "PRAGMA foreign_keys = ON");
      assertEquals(
          List.of("athlete"),
          query(dataSource, "SELECT \"table\" FROM pragma_foreign_key_list('workout')"));
      return;
    }
    JdbcSpy spy = JdbcSpy.on(dataSource);
    retort(spy.dataSource(), true, up).upgrade("head");
    assertTrue(
        sent(
            spy,
            "ALTER TABLE \"workout\" ADD CONSTRAINT \"ck_workout_seconds\" CHECK (seconds > 0) NOT"
                + " VALID"),
        spy.statements().toString());
    assertEquals(
        List.of("ck_workout_seconds false", "fk_workout_athlete false"),
        query(
            dataSource,
            "SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid ="
                + " 'workout'::regclass AND contype IN ('c', 'f') ORDER BY conname"));
    // New rows are checked at once.
    assertThrows(
        IllegalStateException.class,
        () -> execute(dataSource, "INSERT INTO workout VALUES (12, 1, -1)"));
    assertThrows(
        IllegalStateException.class,
        () -> execute(dataSource, "INSERT INTO workout VALUES (12, 77, 1)"));

    // Validation in a later revision fails while an old row breaks it, and passes once fixed.
    Retort validate =
        Retort.configure()
            .dataSource(dataSource)
            .registry(
                TestRegistry.builder()
                    .revision("aa11", List.of(), new TestRegistry.Sql(SCHEMA, List.of()), true)
                    .revision(
                        "bb22",
                        List.of("aa11"),
                        new TestRegistry.Ops(up, op -> {}),
                        true,
                        true,
                        "checksum-of-bb22")
                    .revision(
                        "cc33",
                        List.of("bb22"),
                        new TestRegistry.Ops(
                            op -> {
                              op.validateConstraint("workout", "ck_workout_seconds");
                              op.validateConstraint("workout", "fk_workout_athlete");
                            },
                            op -> {}),
                        true)
                    .build())
            .load();
    RevisionFailedException broken =
        assertThrows(RevisionFailedException.class, () -> validate.upgrade("head"));
    assertTrue(broken.getMessage().contains("ck_workout_seconds"), broken.getMessage());
    execute(dataSource, "UPDATE workout SET seconds = 5, athlete_id = 2 WHERE id = 11");
    validate.upgrade("head");
    assertEquals(
        List.of("ck_workout_seconds true", "fk_workout_athlete true"),
        query(
            dataSource,
            "SELECT conname || ' ' || convalidated FROM pg_constraint WHERE conrelid ="
                + " 'workout'::regclass AND contype IN ('c', 'f') ORDER BY conname"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void uniqueConstraintUsingIndex_takesOverTheIndex(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            false,
            op -> {
              op.createIndex(
                  Index.named("uq_athlete_email_ix")
                      .on("athlete", "email")
                      .unique()
                      .concurrently());
              op.createUniqueConstraintUsingIndex(
                  "uq_athlete_email", "athlete", "uq_athlete_email_ix");
            })
        .upgrade("head");

    assertThrows(
        IllegalStateException.class,
        () -> execute(dataSource, "INSERT INTO athlete VALUES (3, 'a@x')"));
    execute(dataSource, "INSERT INTO athlete VALUES (3, 'c@x')");
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("uq_athlete_email u"),
          query(
              dataSource,
              "SELECT conname || ' ' || contype FROM pg_constraint WHERE conrelid ="
                  + " 'athlete'::regclass AND contype = 'u'"));
      assertEquals(List.of("uq_athlete_email"), indexes(db, dataSource, "athlete"));
    } else {
      // The index became the constraint's own: no CREATE INDEX left, a UNIQUE in the table.
      assertEquals(List.of(), indexes(db, dataSource, "athlete"));
      String sql = query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'athlete'").get(0);
      assertTrue(sql.contains("CONSTRAINT \"uq_athlete_email\" UNIQUE (\"email\")"), sql);
      assertEquals(List.of("ok"), query(dataSource, "PRAGMA integrity_check"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void uniqueConstraintUsingIndex_withoutSuchAnIndex_fails(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    RevisionFailedException failed =
        assertThrows(
            RevisionFailedException.class,
            () ->
                retort(
                        dataSource,
                        true,
                        op -> {
                          op.createIndex(Index.named("ix_athlete_email").on("athlete", "email"));
                          op.createUniqueConstraintUsingIndex(
                              "uq_athlete_email", "athlete", "ix_athlete_email");
                        })
                    .upgrade("head"));
    assertTrue(failed.getMessage().contains("ix_athlete_email"), failed.getMessage());
    assertEquals(List.of(), indexes(db, dataSource, "athlete"));
  }
}
