package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Retort's commands end to end, on a real PostgreSQL server and real SQLite files. */
class RetortTest {
  @TempDir Path tempDir;

  /**
   * base -> a -> m, base -> c -> m: a merge point. Each revision creates t_<id> and logs itself, so
   * order and exactly-once are visible in the database.
   */
  private static TestRegistry mergeGraph() {
    return TestRegistry.builder()
        .table("base1")
        .table("a1", "base1")
        .table("c1", "base1")
        .table("m1", "a1", "c1")
        .build();
  }

  private DataSource database(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    return dataSource;
  }

  private static Retort retort(DataSource dataSource, RevisionRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  private static List<String> log(DataSource dataSource) {
    return query(dataSource, "SELECT revision FROM applied_log ORDER BY seq");
  }

  private static List<String> versionRows(DataSource dataSource) {
    return query(dataSource, "SELECT version_num FROM retort_version ORDER BY version_num");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeHead_acrossMerge_appliesEachOnceParentsFirst(TestDatabase db) {
    DataSource dataSource = database(db);

    MigrationResult result = retort(dataSource, mergeGraph()).upgrade("head");

    assertEquals(List.of("base1", "a1", "c1", "m1"), log(dataSource));
    assertEquals(
        List.of(
            "applied_log", "retort_history", "retort_version", "t_a1", "t_base1", "t_c1", "t_m1"),
        tables(dataSource));
    assertEquals(List.of("m1"), versionRows(dataSource));
    assertEquals(List.of(), result.from());
    assertEquals(List.of("m1"), result.to());
    assertEquals(
        List.of("base1", "a1", "c1", "m1"),
        result.applied().stream().map(AppliedRevision::id).toList());
    assertEquals(
        List.of("base1 upgrade", "a1 upgrade", "c1 upgrade", "m1 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeOneBranchThenHead_appliesOnlyTheOtherBranchAndMerge(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());

    retort.upgrade("a1");
    assertEquals(List.of("a1"), versionRows(dataSource));
    retort.upgrade("head");

    assertEquals(List.of("base1", "a1", "c1", "m1"), log(dataSource));
    assertEquals(List.of("m1"), versionRows(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeMerge_restoresTheRowsOfBothParents(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("head");

    MigrationResult result = retort.downgrade("-1");

    assertEquals(List.of("a1", "c1"), versionRows(dataSource));
    assertEquals(List.of("a1", "c1"), result.to());
    assertFalse(tables(dataSource).contains("t_m1"));
    assertTrue(tables(dataSource).contains("t_c1"));
    assertEquals(List.of("a1", "c1"), retort.current().revisions());
    assertFalse(retort.current().isAtHead());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeBase_revertsEverythingNewestFirst(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("head");

    retort.downgrade("base");

    assertEquals(List.of(), versionRows(dataSource));
    assertEquals(List.of("applied_log", "retort_history", "retort_version"), tables(dataSource));
    assertEquals(
        List.of("base1", "a1", "c1", "m1", "-m1", "-c1", "-a1", "-base1"), log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeToRevision_revertsOnlyItsDescendants(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("head");

    retort.downgrade("a1");

    // Alembic's rule: c1 is not a descendant of a1, so it stays, and both are heads again.
    assertEquals(List.of("a1", "c1"), versionRows(dataSource));
    assertFalse(tables(dataSource).contains("t_m1"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void everyTargetForm_movesExactlyWhereItSays(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder()
            .table("aa11")
            .table("bb22", "aa11")
            .table("bb33", "bb22")
            .table("cc44", "bb33")
            .build();
    Retort retort = retort(dataSource, registry);

    retort.upgrade("+1");
    assertEquals(List.of("aa11"), versionRows(dataSource));
    retort.upgrade("bb22");
    assertEquals(List.of("bb22"), versionRows(dataSource));
    retort.upgrade("bb3"); // a unique prefix
    assertEquals(List.of("bb33"), versionRows(dataSource));
    retort.downgrade("-2");
    assertEquals(List.of("aa11"), versionRows(dataSource));
    retort.upgrade("aa11+2");
    assertEquals(List.of("bb33"), versionRows(dataSource));
    retort.upgrade("heads");
    assertEquals(List.of("cc44"), versionRows(dataSource));
    retort.downgrade("bb22");
    assertEquals(List.of("bb22"), versionRows(dataSource));
    retort.downgrade("bb22-1");
    assertEquals(List.of("aa11"), versionRows(dataSource));
    retort.downgrade("base");
    assertEquals(List.of(), versionRows(dataSource));
    assertEquals(
        List.of(
            "aa11", "bb22", "bb33", "-bb33", "-bb22", "bb22", "bb33", "cc44", "-cc44", "-bb33",
            "-bb22", "-aa11"),
        log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void badTargets_failNamingTheProblem_andChangeNothing(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder().table("aa11").table("bb22", "aa11").table("bb33", "bb22").build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("aa11");

    assertEquals(
        "revision prefix \"bb\" is ambiguous: it matches bb22 (Revision_bb22), bb33"
            + " (Revision_bb33); give more of the id",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("bb")).getMessage());
    assertEquals(
        "no revision in this build has an id starting with \"zz\"; history() lists them all"
            + " (head: bb33)",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("zz")).getMessage());
    assertEquals(
        "cannot upgrade by 3: only 2 revisions lie above the current state (\"aa11\"); use"
            + " upgrade(\"head\")",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("+3")).getMessage());
    assertEquals(
        "cannot downgrade by 2: only 1 applied revision is left; downgrade(\"base\") removes every"
            + " revision",
        assertThrows(InvalidTargetException.class, () -> retort.downgrade("-2")).getMessage());
    assertEquals(
        "revision bb33 (Revision_bb33) is not applied (the database is at \"aa11\"): downgrade"
            + " goes only down, to an applied revision or to base; use upgrade(\"bb33\") to go up"
            + " to it",
        assertThrows(InvalidTargetException.class, () -> retort.downgrade("bb33")).getMessage());
    assertEquals(
        "not a target: \"a-b-c\"; use head, base, a revision id or a unique prefix of one, +N, -N,"
            + " <id>+N or <id>-N",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("a-b-c")).getMessage());
    assertThrows(InvalidTargetException.class, () -> retort.upgrade("-1"));
    assertThrows(InvalidTargetException.class, () -> retort.downgrade("head"));

    assertEquals(List.of("aa11"), versionRows(dataSource));
    assertEquals(List.of("aa11"), log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void targetsOnTheWrongSide_failNamingTheOtherCommand_andChangeNothing(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder().table("aa11").table("bb22", "aa11").table("bb33", "bb22").build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("bb22");

    assertEquals(
        "upgrade(\"base\") goes down: the database is at \"bb22\"; use downgrade(\"base\") to go"
            + " down to it",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("base")).getMessage());
    assertEquals(
        "upgrade(\"aa\") goes down: the database is at \"bb22\", above aa11 (Revision_aa11); use"
            + " downgrade(\"aa\") to go down to it",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("aa")).getMessage());
    assertEquals(
        "cannot upgrade by 99 past head: no revision lies above bb33 (Revision_bb33); only 1"
            + " revision lies above the current state (\"bb22\"); use upgrade(\"head\")",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("head+99")).getMessage());
    assertEquals(
        "revision bb33 (Revision_bb33) is not applied (the database is at \"bb22\"): downgrade"
            + " goes only down, to an applied revision or to base; use upgrade(\"bb33\") to go up"
            + " to it",
        assertThrows(InvalidTargetException.class, () -> retort.downgrade("head-1")).getMessage());
    assertEquals(List.of("bb22"), versionRows(dataSource));
    assertEquals(List.of("aa11", "bb22"), log(dataSource));

    // Where the target is the current state, there is nothing to do, and that is no error.
    assertTrue(retort.upgrade("bb22").isNoOp());
    retort.upgrade("head");
    assertEquals(
        "cannot upgrade by 1 past head: no revision lies above bb33 (Revision_bb33), and the"
            + " database is at the head already: there is nothing to upgrade",
        assertThrows(InvalidTargetException.class, () -> retort.upgrade("head+1")).getMessage());
    retort.downgrade("head-1");
    assertEquals(List.of("bb22"), versionRows(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void versionTableBehindTheHistory_refusedBeforeAnythingRuns_stampRecovers(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder().table("aa11").table("bb22", "aa11").table("cc33", "bb22").build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("head");
    // A stale but valid id: a backup of the version table restored, or a hand edit.
    execute(dataSource, "UPDATE retort_version SET version_num = 'aa11'");

    DatabaseStateException refused =
        assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));

    assertEquals(
        "the version table retort_version reads \"aa11\", but retort_history shows revision cc33"
            + " (Revision_cc33) upgraded later, with no downgrade or stamp since: the version table"
            + " was changed outside Retort (restored from a backup, edited by hand, or moved by"
            + " another tool), and an upgrade now would run applied revisions again; nothing ran\n"
            + "  if the schema has cc33's changes, record that with stamp(\"cc33\"), then"
            + " upgrade(\"head\"); if it really is at \"aa11\", record that with stamp(\"aa11\")",
        refused.getMessage());
    assertThrows(DatabaseStateException.class, () -> retort.downgrade("base"));
    assertEquals(List.of("aa11"), versionRows(dataSource));
    assertEquals(List.of("aa11", "bb22", "cc33"), log(dataSource));

    retort.stamp("cc33");
    assertTrue(retort.upgrade("head").isNoOp());
    // After a stamp, the runs before it no longer count: a deliberate stamp down is believed.
    execute(dataSource, "DROP TABLE t_cc33");
    retort.stamp("bb22");
    retort.upgrade("head");
    assertEquals(List.of("cc33"), versionRows(dataSource));
    assertEquals(List.of("aa11", "bb22", "cc33", "cc33"), log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void oneInstance_seesHistoryRowsAnotherAppended_andRowsDeletedByHand(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder().table("aa11").table("bb22", "aa11").table("cc33", "bb22").build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("aa11"); // this instance has read the history as it was then
    retort(dataSource, registry).upgrade("head"); // another one appends to it
    execute(dataSource, "UPDATE retort_version SET version_num = 'aa11'");

    // Only the appended rows say that cc33 ran: this instance must have read them.
    assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));

    // Rows deleted by hand: the history no longer says bb22 and cc33 ran, so they run again.
    execute(dataSource, "DELETE FROM retort_history WHERE revision_id <> 'aa11'");
    execute(dataSource, "DROP TABLE t_bb22");
    execute(dataSource, "DROP TABLE t_cc33");
    retort.upgrade("head");
    assertEquals(List.of("cc33"), versionRows(dataSource));
    assertEquals(List.of("aa11", "bb22", "cc33", "bb22", "cc33"), log(dataSource));

    // A command that runs nothing: this instance has now read every row.
    assertTrue(retort.upgrade("cc33").isNoOp());
    // The newest row deleted by hand, and a row appended in its place (SQLite gives it the same
    // id): the history now says bb22 was downgraded, so an upgrade runs it and cc33 again.
    execute(
        dataSource, "DELETE FROM retort_history WHERE id = (SELECT MAX(id) FROM retort_history)");
    execute(dataSource, "DROP TABLE t_cc33");
    execute(dataSource, "UPDATE retort_version SET version_num = 'bb22'");
    retort(dataSource, registry).downgrade("-1");
    retort.upgrade("head");
    assertEquals(List.of("cc33"), versionRows(dataSource));
    assertEquals(
        List.of("aa11", "bb22", "cc33", "bb22", "cc33", "-bb22", "bb22", "cc33"), log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void oneInstance_checksAgain_whenTheDatabaseIsNotAsItsLastCommandLeftIt(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder().table("aa11").table("bb22", "aa11").table("cc33", "bb22").build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("bb22");
    retort.downgrade("aa11"); // as this instance left it: no check is needed to know it holds
    retort.upgrade("bb22");

    // The version row moved back by hand: the history says bb22 ran since, so nothing may run.
    execute(dataSource, "UPDATE retort_version SET version_num = 'aa11'");
    assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));
    assertEquals(List.of("aa11", "bb22", "-bb22", "bb22"), log(dataSource));

    // Put right, then another instance downgrades and upgrades again: the rows are as this one
    // left them, but the history has two more, so this one checks, and runs on from there.
    execute(dataSource, "UPDATE retort_version SET version_num = 'bb22'");
    retort.upgrade("bb22");
    Retort other = retort(dataSource, registry);
    other.downgrade("aa11");
    other.upgrade("bb22");
    retort.upgrade("head");
    assertEquals(List.of("cc33"), versionRows(dataSource));
    assertEquals(
        List.of("aa11", "bb22", "-bb22", "bb22", "-bb22", "bb22", "cc33"), log(dataSource));
  }

  private static TestRegistry.Sql tableSql(String table) {
    return new TestRegistry.Sql(
        List.of("CREATE TABLE " + table + " (id INTEGER)"), List.of("DROP TABLE " + table));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void onConnection_runsEveryCommandOnIt_andLeavesItOpen(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir); // no applied_log: check() would report it
    // A data source that cannot connect: every command below must run on the given connection.
    DataSource refusing =
        new dev.retort.runtime.internal.DriverManagerDataSource("jdbc:nowhere:at-all", null, null);
    TestRegistry registry =
        TestRegistry.builder()
            .revision("a1", List.of(), tableSql("t_a1"), true)
            .revision("c1", List.of(), tableSql("t_c1"), true)
            .revision("m1", List.of("a1", "c1"), tableSql("t_m1"), true)
            .build();
    Retort retort = retort(refusing, registry);

    try (java.sql.Connection connection = dataSource.getConnection()) {
      Retort session = retort.onConnection(connection);
      session.upgrade("a1");
      session.upgrade("head");
      session.downgrade("-1");
      assertEquals(List.of("a1", "c1"), session.current().revisions());
      assertFalse(session.check().hasDrift()); // reads the live schema on it too

      assertFalse(connection.isClosed());
      assertTrue(connection.getAutoCommit());
    }
    assertEquals(List.of("a1", "c1"), versionRows(dataSource));
    // The instance it came from still opens its own connections.
    RetortException refused = assertThrows(RetortException.class, () -> retort.upgrade("head"));
    assertTrue(refused.getMessage().contains("jdbc:nowhere:at-all"), refused.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void versionRowWithATrailingSpace_isQuotedInTheMessage(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("a1");
    execute(dataSource, "UPDATE retort_version SET version_num = 'a1 '");

    DatabaseStateException refused =
        assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));

    assertTrue(
        refused.getMessage().startsWith("the version table retort_version names revision \"a1 \","),
        refused.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void failingRevision_rollsBackItsSchemaAndVersionRow_andNamesEverything(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder()
            .table("aa11")
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of(
                        "CREATE TABLE half_done (id INTEGER)",
                        "INSERT INTO applied_log (revision) VALUES ('bb22')",
                        "ALTER TABLE no_such_table ADD COLUMN phone VARCHAR(32)"),
                    List.of()),
                true)
            .table("cc33", "bb22")
            .build();
    Retort retort = retort(dataSource, registry);

    RevisionFailedException failure =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertEquals("bb22", failure.revisionId());
    assertEquals("test.Revision_bb22", failure.className());
    assertEquals(
        "ALTER TABLE no_such_table ADD COLUMN phone VARCHAR(32)",
        failure.statement().orElseThrow());
    assertTrue(
        failure
            .getMessage()
            .startsWith(
                "revision bb22 (test.Revision_bb22) failed to upgrade and was rolled back; the"
                    + " database is still at \"aa11\"\n"
                    + "  statement: ALTER TABLE no_such_table ADD COLUMN phone VARCHAR(32)\n"
                    + "  database said: "),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("no_such_table"), failure.getMessage());
    assertTrue(failure.getMessage().endsWith("fix the revision, then run upgrade again"));
    // aa11 committed in its own transaction; nothing of bb22 survived, and cc33 never ran.
    assertEquals(List.of("aa11"), versionRows(dataSource));
    assertEquals(List.of("aa11"), log(dataSource));
    assertEquals(
        List.of("applied_log", "retort_history", "retort_version", "t_aa11"), tables(dataSource));
    // The history row of the failed revision went with its transaction.
    assertEquals(
        List.of("aa11 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void versionRowGoneBeforeItIsRecorded_rollsBackTheRevisionAndWritesNoHistory(TestDatabase db) {
    DataSource dataSource = database(db);
    // On PostgreSQL the version UPDATE and the history row are one statement; when the UPDATE
    // finds no row, neither may be written, and the revision must not commit.
    TestRegistry registry =
        TestRegistry.builder()
            .table("aa11")
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE TABLE half_done (id INTEGER)", "DELETE FROM retort_version"),
                    List.of()),
                true)
            .build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("aa11");

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    assertEquals(
        "cannot record revision bb22 (Revision_bb22): the version table retort_version no longer"
            + " holds \"aa11\", which this process recorded; another process changed it without the"
            + " migration lock, or the connection does not commit: check current() and the data"
            + " source's transaction settings",
        failure.getMessage());
    assertEquals(List.of("aa11"), versionRows(dataSource));
    assertEquals(
        List.of("applied_log", "retort_history", "retort_version", "t_aa11"), tables(dataSource));
    assertEquals(
        List.of("aa11 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void unknownStampedRevision_upgradeRefuses_stampRecovers(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("a1");
    execute(dataSource, "UPDATE retort_version SET version_num = 'deadbeef0000'");

    DatabaseStateException refused =
        assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));
    assertEquals(
        "the version table retort_version names revision \"deadbeef0000\", which no revision in"
            + " this"
            + " build declares (stamped by hand, or applied by a newer build?)\n"
            + "  if the schema matches a revision of this build, record that with stamp(\"<id>\")"
            + " (this build's head is m1), then upgrade(\"head\"); stamp works from this state",
        refused.getMessage());
    assertEquals(List.of("deadbeef0000"), versionRows(dataSource));

    StampResult stamped = retort.stamp("a1");
    assertEquals(List.of("deadbeef0000"), stamped.from());
    assertEquals(List.of("a1"), stamped.to());
    retort.upgrade("head");
    assertEquals(
        List.of("base1 upgrade", "a1 upgrade", "a1 stamp", "c1 upgrade", "m1 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));

    assertEquals(List.of("m1"), versionRows(dataSource));
    assertEquals(List.of("base1", "a1", "c1", "m1"), log(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void rowsThatAreNotHeadsOfOneAnother_areRefusedWithTheStampToRun(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("a1");
    execute(dataSource, "INSERT INTO retort_version (version_num) VALUES ('base1')");

    DatabaseStateException refused =
        assertThrows(DatabaseStateException.class, () -> retort.upgrade("head"));

    assertEquals(
        "the version table retort_version holds both \"base1\" and \"a1\", but base1 is an"
            + " ancestor of a1; every row must be a head of the applied revisions\n"
            + "  keep the newer one with stamp(\"a1\")",
        refused.getMessage());
    assertEquals(List.of("a1", "base1"), versionRows(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void irreversibleRevision_downgradeRefusedBeforeAnythingRuns(TestDatabase db) {
    DataSource dataSource = database(db);
    TestRegistry registry =
        TestRegistry.builder()
            .table("aa11")
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(List.of("CREATE TABLE kept (id INTEGER)"), List.of()),
                false)
            .table("cc33", "bb22")
            .build();
    Retort retort = retort(dataSource, registry);
    retort.upgrade("head");

    InvalidTargetException refused =
        assertThrows(InvalidTargetException.class, () -> retort.downgrade("base"));

    assertEquals(
        "cannot downgrade past bb22 (Revision_bb22): test.Revision_bb22 does not override"
            + " downgrade(), so it is irreversible; downgrade to bb22 or a later revision, or"
            + " implement downgrade()",
        refused.getMessage());
    assertEquals(List.of("cc33"), versionRows(dataSource));
    assertTrue(tables(dataSource).contains("t_cc33"));
    retort.downgrade("bb22");
    assertEquals(List.of("bb22"), versionRows(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void history_isNewestFirst_withAppliedAndCurrentMarked(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    retort.upgrade("a1");

    List<HistoryEntry> history = retort.history();

    assertEquals(
        List.of("m1", "c1", "a1", "base1"), history.stream().map(HistoryEntry::id).toList());
    assertEquals(
        List.of(false, false, true, true), history.stream().map(HistoryEntry::isApplied).toList());
    assertEquals(
        List.of(false, false, true, false), history.stream().map(HistoryEntry::isCurrent).toList());
    assertTrue(history.get(0).isMerge());
    assertTrue(history.get(0).isHead());
    assertTrue(history.get(3).isBase());
    assertEquals(List.of("m1"), retort.heads().stream().map(RevisionInfo::id).toList());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void versionTable_canBeAlembics(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort =
        Retort.configure()
            .dataSource(dataSource)
            .registry(mergeGraph())
            .versionTable("alembic_version")
            .load();

    retort.upgrade("head");

    assertEquals(List.of("m1"), query(dataSource, "SELECT version_num FROM alembic_version"));
    assertFalse(tables(dataSource).contains("retort_version"));
    assertTrue(retort.current().isAtHead());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void stampHeadAndBase_writeRowsWithoutRunningRevisions(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());

    retort.stamp("head");
    assertEquals(List.of("m1"), versionRows(dataSource));
    assertEquals(List.of(), log(dataSource));
    assertTrue(retort.upgrade("head").isNoOp());

    retort.stamp("base");
    assertEquals(List.of(), versionRows(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void historyRows_areNewestFirst_withTimeUserDurationAndChecksum(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    assertEquals(List.of(), retort.historyRows(), "no history table yet");
    Instant before = Instant.now().minusSeconds(60);

    retort.upgrade("a1");
    retort.downgrade("-1");
    retort.stamp("head");
    List<HistoryRow> rows = retort.historyRows();

    assertEquals(
        List.of("m1 stamp", "a1 downgrade", "a1 upgrade", "base1 upgrade"),
        rows.stream().map(r -> r.revisionId() + " " + r.action()).toList());
    assertEquals(
        Arrays.asList(null, "checksum-of-a1", "checksum-of-a1", "checksum-of-base1"),
        rows.stream().map(HistoryRow::checksum).toList());
    for (int i = 1; i < rows.size(); i++) {
      assertTrue(rows.get(i - 1).sequence() > rows.get(i).sequence(), "newest first: " + rows);
      assertFalse(rows.get(i - 1).appliedAt().isBefore(rows.get(i).appliedAt()), rows.toString());
    }
    Instant after = Instant.now().plusSeconds(60);
    for (HistoryRow row : rows) {
      assertTrue(
          row.appliedAt().isAfter(before) && row.appliedAt().isBefore(after), row.toString());
      assertFalse(row.duration().isNegative(), row.toString());
      assertEquals(db == TestDatabase.POSTGRES ? "postgres" : null, row.appliedBy());
    }
    assertThrows(UnsupportedOperationException.class, () -> rows.remove(0));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void listener_hearsEachRevisionAfterItsCommit_inOrder(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());
    List<String> heard = new java.util.ArrayList<>();

    retort.upgrade(
        "head",
        applied ->
            // Committed already: the log row the revision wrote is visible on another connection.
            heard.add(applied.id() + " " + log(dataSource).contains(applied.id())));
    retort.downgrade("a1", applied -> heard.add(applied.direction() + " " + applied.id()));

    assertEquals(
        List.of("base1 true", "a1 true", "c1 true", "m1 true", "DOWNGRADE m1"),
        heard);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ensureVersionTable_createsBothTables_andNoRow(TestDatabase db) {
    DataSource dataSource = database(db);
    Retort retort = retort(dataSource, mergeGraph());

    retort.ensureVersionTable();
    retort.ensureVersionTable();

    assertEquals(List.of("applied_log", "retort_history", "retort_version"), tables(dataSource));
    assertEquals(List.of(), versionRows(dataSource));
    assertEquals(List.of(), log(dataSource));
  }

  @org.junit.jupiter.api.Test
  void revision_resolvesAPrefix_andRefusesAnAmbiguousOne() {
    Retort retort =
        Retort.configure()
            .dataSource("jdbc:sqlite:" + tempDir.resolve("unused.db"))
            .registry(
                TestRegistry.builder().table("bb22").table("bb33", "bb22").build())
            .load();

    assertEquals("bb33", retort.revision("bb3").id());
    assertEquals(List.of("bb22"), retort.revision("bb3").downs());
    assertThrows(InvalidTargetException.class, () -> retort.revision("bb"));
  }
}
