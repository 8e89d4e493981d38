package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.BackfillProgress;
import dev.retort.runtime.Direction;
import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Operations#backfill} on both databases: chunks that commit one by one, a failure half-way
 * that leaves the committed chunks and their progress, a re-run that resumes after them, text and
 * composite keys, the refusal in a transactional revision, and downgrade. The kill -9 trial is in
 * {@code concurrency.BackfillCrashTest}.
 */
class BackfillTest {
  private static final int ROWS = 50;

  @TempDir Path tempDir;

  /**
   * item: 50 rows, ids 1..50; code a text key whose order differs from id's; qty = id, except the
   * row given {@code bad}, whose doubled value breaks the CHECK.
   */
  private static DataSource items(TestDatabase db, Path tempDir, int badId) {
    DataSource dataSource = db.create(tempDir);
    execute(
        dataSource,
        "CREATE TABLE item (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE,"
            + " grp INTEGER NOT NULL, qty INTEGER NOT NULL, doubled INTEGER"
            + " CHECK (doubled IS NULL OR doubled < 1000), touched INTEGER NOT NULL DEFAULT 0)");
    execute(
        dataSource,
        "CREATE TABLE item_copy (code VARCHAR(20) PRIMARY KEY, qty INTEGER NOT NULL)");
    StringBuilder insert = new StringBuilder("INSERT INTO item (id, code, grp, qty) VALUES ");
    for (int id = 1; id <= ROWS; id++) {
      // Codes run backwards against ids: k-049 is id 2, k-050 is id 1.
      String code = String.format("k-%03d", ROWS + 1 - id);
      insert.append(id == 1 ? "" : ", ").append("(").append(id).append(", '").append(code);
      insert.append("', ").append(id % 3).append(", ").append(id == badId ? 600 : id).append(")");
    }
    execute(dataSource, insert.toString());
    return dataSource;
  }

  /** r1 does nothing (the table is the test's); r2 runs {@code up} and {@code down}. */
  private static TestRegistry registry(
      Function<Operations, Long> up, Function<Operations, Long> down, boolean transactional) {
    Migration r2 =
        new Migration() {
          @Override
          public void upgrade(Operations op) {
            up.apply(op);
          }

          @Override
          public void downgrade(Operations op) {
            down.apply(op);
          }
        };
    return TestRegistry.builder()
        .revision("r1", List.of(), new TestRegistry.Sql(List.of(), List.of()), true)
        .revision("r2", List.of("r1"), r2, true, transactional, null)
        .build();
  }

  private static final Function<Operations, Long> DOUBLE =
      op ->
          op.backfill(
              Backfill.update("item", "doubled = qty * 2, touched = touched + 1")
                  .key("id")
                  .chunkSize(10)
                  .logEvery(Duration.ZERO));

  private static final Function<Operations, Long> UNDOUBLE =
      op ->
          op.backfill(
              Backfill.update("item", "doubled = NULL").where("doubled IS NOT NULL").key("id"));

  private static Retort retort(DataSource dataSource, TestRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  private static List<String> versions(DataSource dataSource) {
    return query(dataSource, "SELECT version_num FROM retort_version");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void failureInChunk4_keepsChunks1to3_andARerunResumesAfterThem(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, 35);
    Retort retort = retort(dataSource, registry(DOUBLE, UNDOUBLE, false));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    assertTrue(failed.getMessage().contains("UPDATE \"item\" SET"), failed.getMessage());
    assertTrue(
        failed
            .getMessage()
            .contains(
                "backfill \"update item\" rolled back this chunk only; the chunks before it stay"
                    + " committed (30 rows, last key [30]), and the next upgrade resumes after that"
                    + " key"),
        failed.getMessage());

    // Chunks 1 to 3 (ids 1..30) committed one by one; chunk 4 rolled back whole; r2 not recorded.
    assertEquals(List.of("r1"), versions(dataSource));
    assertEquals(
        List.of("30"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
    assertEquals(
        List.of("30"),
        query(dataSource, "SELECT MAX(id) FROM item WHERE touched = 1 AND doubled = qty * 2"));
    assertEquals(
        List.of("20"),
        query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 0 AND doubled IS NULL"));
    List<BackfillProgress> progress = retort.backfills();
    assertEquals(1, progress.size());
    BackfillProgress row = progress.get(0);
    assertEquals("r2", row.revisionId());
    assertEquals(Direction.UPGRADE, row.direction());
    assertEquals("update item", row.name());
    assertEquals("[30]", row.lastKey());
    assertEquals(30, row.rowsDone());
    assertEquals(3, row.chunksDone());
    assertFalse(row.done());

    execute(dataSource, "UPDATE item SET qty = 35 WHERE id = 35");
    try (LogRecorder log = LogRecorder.start()) {
      retort.upgrade("head");
      List<String> lines = log.lines();
      assertTrue(
          lines.contains(
              "r2: backfill update item: resuming after key [30], 30 rows in 3 chunks done before"),
          lines.toString());
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      l.startsWith("r2: backfill update item: 40 rows in 4 chunks, ")
                          && l.endsWith(" rows/s, last key [40]")),
          lines.toString());
      assertTrue(
          lines.stream().anyMatch(l -> l.startsWith("r2: backfill update item: done, 50 rows in 5")),
          lines.toString());
    }
    // Every row exactly once: none redone (touched would be 2), none skipped (touched 0).
    assertEquals(List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
    assertEquals(
        List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE doubled = qty * 2"));
    assertEquals(List.of("r2"), versions(dataSource));
    // The progress row went with the version-row change.
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM retort_backfill"));
    assertEquals(List.of(), retort.backfills());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void stoppedAfterTheLastChunkButBeforeTheRecord_rerunDoesNotRedoIt(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, -1);
    // The revision fails after its backfill finished: the same state as a kill between the last
    // chunk's commit and the transaction that records the revision.
    Function<Operations, Long> thenFail =
        op -> {
          long rows = DOUBLE.apply(op);
          op.execute("INSERT INTO after_backfill (id) VALUES (1)");
          return rows;
        };
    Retort retort = retort(dataSource, registry(thenFail, UNDOUBLE, false));
    assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    assertEquals(List.of("r1"), versions(dataSource));
    assertTrue(retort.backfills().get(0).done());

    execute(dataSource, "CREATE TABLE after_backfill (id INTEGER)");
    try (LogRecorder log = LogRecorder.start()) {
      retort.upgrade("head");
      assertTrue(
          log.lines().contains("r2: backfill update item: already done, 50 rows in 5 chunks"),
          log.lines().toString());
    }

    assertEquals(List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
    assertEquals(List.of("r2"), versions(dataSource));
    assertEquals(List.of(), retort.backfills());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void progressTable_isNamedAfterTheVersionTable_andSitsInItsSchema(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, 35);
    // A schema on PostgreSQL; on SQLite a schema is an attached database (AlembicAdoptionTest).
    String schema = db == TestDatabase.POSTGRES ? "ops" : null;
    if (schema != null) {
      execute(dataSource, "CREATE SCHEMA ops");
    }
    RetortConfig.Builder config =
        Retort.configure()
            .dataSource(dataSource)
            .registry(registry(DOUBLE, UNDOUBLE, false))
            .versionTable("app_version");
    if (schema != null) {
      config.versionTableSchema(schema);
    }
    Retort retort = config.load();
    String progressTable = (schema == null ? "" : "ops.") + "app_backfill";

    assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertEquals(
        List.of("[30]"), query(dataSource, "SELECT last_key FROM " + progressTable));
    assertEquals("[30]", retort.backfills().get(0).lastKey());
    assertFalse(TestDatabase.tables(dataSource).contains("retort_backfill"));
    execute(dataSource, "UPDATE item SET qty = 35 WHERE id = 35");
    retort.upgrade("head");
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM " + progressTable));
    assertEquals(List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void driftCheckAndCompare_leaveTheBackfillTableOut(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String ddl = "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)";
    Migration fill =
        new Migration() {
          @Override
          public void upgrade(Operations op) {
            op.execute("INSERT INTO t (id) VALUES (1), (2), (3)");
            op.backfill(Backfill.update("t", "v = id").key("id").chunkSize(2));
          }

          @Override
          public void downgrade(Operations op) {}
        };
    Retort retort =
        retort(
            dataSource,
            TestRegistry.builder()
                .revision("r1", List.of(), new TestRegistry.Sql(List.of(ddl), List.of()), true)
                .revision("r2", List.of("r1"), fill, true, false, null)
                .build());
    retort.upgrade("head");
    // The scratch replays run the backfill too, and so make a backfill table of their own.
    assertTrue(TestDatabase.tables(dataSource).contains("retort_backfill"));

    assertFalse(retort.check().hasDrift(), () -> retort.check().toString());
    dev.retort.runtime.SchemaComparison comparison =
        retort.compare(dev.retort.runtime.TargetSchema.ddl(ddl));
    assertFalse(comparison.hasPendingChanges(), comparison::toString);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void keyOfAnotherType_isRefusedNamingTheColumn_andNothingChanges(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    execute(dataSource, "CREATE TABLE m (x DOUBLE PRECISION PRIMARY KEY, v INTEGER)");
    execute(dataSource, "INSERT INTO m (x) VALUES (1.5), (2.5)");
    Retort retort =
        retort(
            dataSource,
            registry(op -> op.backfill(Backfill.update("m", "v = 1").key("x")), op -> 0L, false));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "the backfill key column x of m holds a Double (2.5): a backfill key is of integer"
                    + " or text type; choose such a column, e.g. the primary key"),
        failed.getMessage());
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM m WHERE v IS NOT NULL"));
    assertEquals(List.of(), retort.backfills());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeRunsItsOwnBackfill_andALaterUpgradeStartsAfresh(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, -1);
    Retort retort = retort(dataSource, registry(DOUBLE, UNDOUBLE, false));
    retort.upgrade("head");
    assertEquals(List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));

    retort.downgrade("r1");
    assertEquals(List.of("r1"), versions(dataSource));
    assertEquals(
        List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE doubled IS NULL"));
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM retort_backfill"));

    retort.upgrade("head");
    // Not "already done": the first upgrade's progress was cleared when it was recorded.
    assertEquals(List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 2"));
    assertEquals(
        List.of("50"), query(dataSource, "SELECT COUNT(*) FROM item WHERE doubled = qty * 2"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void copyByTextKey_resumesAfterTheLastCode_withNoDuplicateOrGap(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, -1);
    // A copy that fails on code k-020 (qty 31): a CHECK on the target, added for this test.
    execute(dataSource, "DROP TABLE item_copy");
    execute(
        dataSource,
        "CREATE TABLE item_copy (code VARCHAR(20) PRIMARY KEY, qty INTEGER NOT NULL"
            + " CHECK (qty <> 31))");
    Function<Operations, Long> copy =
        op ->
            op.backfill(
                Backfill.copy("item", "item_copy", "code", "qty")
                    .select("code, qty")
                    .key("code")
                    .chunkSize(7));
    Retort retort = retort(dataSource, registry(copy, op -> 0L, false));

    assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    // Codes in text order: k-001..k-007, ..k-014; the chunk k-015..k-021 holds k-020 and fails.
    BackfillProgress row = retort.backfills().get(0);
    assertEquals("[\"k-014\"]", row.lastKey());
    assertEquals(14, row.rowsDone());
    assertEquals(
        List.of("14", "k-001", "k-014"),
        query(
            dataSource,
            "SELECT CAST(COUNT(*) AS VARCHAR(20)) FROM item_copy UNION ALL SELECT MIN(code) FROM"
                + " item_copy UNION ALL SELECT MAX(code) FROM item_copy"));

    execute(dataSource, "UPDATE item SET qty = 310 WHERE code = 'k-020'");
    retort.upgrade("head");
    assertEquals(
        query(dataSource, "SELECT code || ':' || qty FROM item ORDER BY code"),
        query(dataSource, "SELECT code || ':' || qty FROM item_copy ORDER BY code"));
    assertEquals(List.of("r2"), versions(dataSource));
    assertEquals(List.of(), retort.backfills());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void compositeKeyAndFilter_visitEachMatchingRowOnce(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, -1);
    Function<Operations, Long> up =
        op ->
            op.backfill(
                Backfill.update("item", "touched = touched + ?", 1)
                    .where("qty > ?", 10)
                    .key("grp", "code")
                    .chunkSize(4)
                    .maxRowsPerSecond(100_000));
    List<Long> returned = new ArrayList<>();
    Retort retort =
        retort(
            dataSource,
            registry(
                op -> {
                  long rows = up.apply(op);
                  returned.add(rows);
                  return rows;
                },
                op -> 0L,
                false));

    retort.upgrade("head");

    assertEquals(List.of(40L), returned);
    assertEquals(
        List.of("40"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
    assertEquals(
        List.of("0"),
        query(dataSource, "SELECT COUNT(*) FROM item WHERE (qty > 10) <> (touched = 1)"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void backfillInATransactionalRevision_isRefused_beforeAnyRowChanges(TestDatabase db) {
    DataSource dataSource = items(db, tempDir, -1);
    Retort retort = retort(dataSource, registry(DOUBLE, UNDOUBLE, true));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "revision r2 (test.Revision_r2) runs backfill \"update item\" inside its transaction,"
                    + " but a backfill commits each chunk on its own so that a killed run can"
                    + " resume; mark the revision @Revision(transactional = false)"),
        failed.getMessage());
    assertEquals(List.of("r1"), versions(dataSource));
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM item WHERE touched > 0"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void offlineScript_refusesABackfill(TestDatabase db) {
    Retort retort =
        Retort.configure()
            .dialect(
                db == TestDatabase.POSTGRES
                    ? dev.retort.runtime.dialect.Dialect.postgres()
                    : dev.retort.runtime.dialect.Dialect.sqlite())
            .registry(registry(DOUBLE, UNDOUBLE, false))
            .load();

    RetortException refused = assertThrows(RetortException.class, () -> retort.upgradeScript("head"));

    assertTrue(
        refused.getMessage().contains("runs backfill \"update item\", which offline SQL cannot hold"),
        refused.getMessage());
  }
}
