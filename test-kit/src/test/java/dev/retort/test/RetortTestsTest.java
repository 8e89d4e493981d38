package dev.retort.test;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.TargetSchema;
import dev.retort.runtime.ops.Backfill;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** The kit's dynamic tests, run by hand here so that their failures can be asserted. */
class RetortTestsTest {
  @TempDir Path tempDir;

  @AfterEach
  void clearFlag() {
    System.clearProperty(RetortTests.UPDATE_SNAPSHOTS);
  }

  private static TestRegistry.Sql sql(String up, String down) {
    return new TestRegistry.Sql(List.of(up), down == null ? List.of() : List.of(down));
  }

  /** a, then two branches b1 and b2 from it, joined by the merge m. */
  private static TestRegistry.Builder branched() {
    return TestRegistry.builder()
        .revision("a", List.of(), sql("CREATE TABLE t (id INTEGER PRIMARY KEY)", "DROP TABLE t"), true)
        .revision(
            "b1",
            List.of("a"),
            sql("CREATE TABLE u (id INTEGER PRIMARY KEY)", "DROP TABLE u"),
            true)
        .revision(
            "b2",
            List.of("a"),
            sql("ALTER TABLE t ADD COLUMN note TEXT", "ALTER TABLE t DROP COLUMN note"),
            true)
        .revision(
            "m",
            List.of("b1", "b2"),
            sql("CREATE INDEX ix_t_note ON t (note)", "DROP INDEX ix_t_note"),
            true);
  }

  private static RetortTests kit(DataSource db, TestRegistry registry) {
    return RetortTests.forRetort(Retort.configure().dataSource(db).registry(registry).load());
  }

  /** Runs every test; returns the names, and each failure's message or "aborted". */
  private static List<String> runAll(RetortTests kit) {
    List<String> outcomes = new ArrayList<>();
    for (DynamicTest test : kit.dynamicTests().toList()) {
      try {
        test.getExecutable().execute();
        outcomes.add(test.getDisplayName());
      } catch (TestAbortedException e) {
        outcomes.add(test.getDisplayName() + " -> aborted: " + e.getMessage());
      } catch (Throwable e) {
        outcomes.add(test.getDisplayName() + " -> FAILED: " + e.getMessage());
      }
    }
    return outcomes;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void branchedHistory_everyRevisionPasses_inLinearWork(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry = branched().build();

    List<String> outcomes = runAll(kit(db, registry));

    assertEquals(
        List.of(
            "a Revision_a: upgrade, downgrade leaves no trace, upgrade again",
            "b1 Revision_b1: upgrade, downgrade leaves no trace, upgrade again",
            "b2 Revision_b2: upgrade, downgrade leaves no trace, upgrade again",
            "m Revision_m: upgrade, downgrade leaves no trace, upgrade again",
            "base → head in one upgrade, after a downgrade to base that leaves no trace"),
        outcomes);
    // Three runs a revision on the stairway, then one down and one up: never a replay from base.
    assertEquals(4 * 3 + 4 * 2, registry.createCalls.get());
    assertEquals(List.of("m"), Retort.configure().dataSource(db).registry(registry).load()
        .current().revisions());
  }

  /** The backfill progress table is Retort's own, like the version table: not the revisions' trace. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void backfillRevision_itsProgressTableIsNoTrace(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "a",
                List.of(),
                sql(
                    "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)",
                    "DROP TABLE t"),
                true)
            .revision(
                "b",
                List.of("a"),
                new TestRegistry.Ops(
                    op -> {
                      op.execute("INSERT INTO t (id, x) VALUES (1, NULL), (2, NULL)");
                      op.backfill(Backfill.update("t", "x = id").key("id").chunkSize(1));
                    },
                    op -> op.execute("DELETE FROM t")),
                true,
                false,
                "checksum-of-b")
            .build();

    List<String> outcomes = runAll(kit(db, registry));

    assertEquals(
        List.of(
            "a Revision_a: upgrade, downgrade leaves no trace, upgrade again",
            "b Revision_b: upgrade, downgrade leaves no trace, upgrade again",
            "base → head in one upgrade, after a downgrade to base that leaves no trace"),
        outcomes);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeLeavesATrace_failsNamingTheRevision_withTheDiff(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision("a", List.of(), sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)", "DROP TABLE t"), true)
            .revision(
                "b",
                List.of("a"),
                // Forgets the index its upgrade creates.
                new TestRegistry.Sql(
                    List.of("CREATE INDEX ix_t_x ON t (x)", "CREATE TABLE v (id INTEGER)"),
                    List.of("DROP TABLE v")),
                true)
            .revision("c", List.of("b"), sql("CREATE TABLE w (id INTEGER)", "DROP TABLE w"), true)
            .build();

    List<String> outcomes = runAll(kit(db, registry));

    assertEquals(
        List.of(
            "a Revision_a: upgrade, downgrade leaves no trace, upgrade again",
            "b Revision_b: upgrade, downgrade leaves no trace, upgrade again -> FAILED: downgrade"
                + " of b Revision_b left a trace: the schema after its upgrade and downgrade"
                + " differs from the schema before\n"
                + "  table t: index ix_t_x: only in the schema after ((x))\n",
            "c Revision_c: upgrade, downgrade leaves no trace, upgrade again -> aborted: not run:"
                + " b Revision_b failed before it",
            "base → head in one upgrade, after a downgrade to base that leaves no trace -> aborted:"
                + " not run: b Revision_b failed before it"),
        outcomes);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void wholeWalk_onOneConnection_closedAfterTheLastTest(TestDatabase database) throws Exception {
    DataSource db = database.create(tempDir);
    List<Connection> opened = new ArrayList<>();
    DataSource counting =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = method.invoke(db, args);
                  if (method.getName().equals("getConnection")) {
                    opened.add((Connection) result);
                  }
                  return result;
                });

    List<String> outcomes = runAll(kit(counting, branched().build()));

    assertEquals(5, outcomes.size());
    assertTrue(outcomes.stream().noneMatch(o -> o.contains(" -> ")), outcomes.toString());
    assertEquals(1, opened.size(), "connections opened");
    assertTrue(opened.get(0).isClosed());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeRewritesATableInAnotherSpelling_isNoTrace(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "a",
                List.of(),
                sql("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)", "DROP TABLE t"),
                true)
            .revision(
                "b",
                List.of("a"),
                // The downgrade builds t again, spelt otherwise: SQLite keeps that text, so the
                // schemas' fingerprints differ while the schemas do not.
                new TestRegistry.Sql(
                    List.of("CREATE TABLE u (id INTEGER)"),
                    List.of(
                        "DROP TABLE u",
                        "DROP TABLE t",
                        "CREATE TABLE t (id  integer  PRIMARY KEY,  x integer)")),
                true)
            .revision("c", List.of("b"), sql("CREATE TABLE w (id INTEGER)", "DROP TABLE w"), true)
            .build();

    List<String> outcomes = runAll(kit(db, registry));

    assertEquals(
        List.of(
            "a Revision_a: upgrade, downgrade leaves no trace, upgrade again",
            "b Revision_b: upgrade, downgrade leaves no trace, upgrade again",
            "c Revision_c: upgrade, downgrade leaves no trace, upgrade again",
            "base → head in one upgrade, after a downgrade to base that leaves no trace"),
        outcomes);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void snapshot_missing_written_matching_thenChanged(TestDatabase database) throws Exception {
    Path dir = tempDir.resolve("retort");
    String file = "schema-" + (database == TestDatabase.POSTGRES ? "postgresql" : "sqlite") + ".txt";
    String snapshotTest = "head: schema equals the snapshot";

    List<String> missing = runAll(kit(database.create(tempDir), branched().build()).snapshots(dir));
    assertEquals(
        snapshotTest + " -> FAILED: no schema snapshot at " + dir.resolve(file)
            + "; write it with -Dretort.updateSnapshots=true and commit it",
        missing.get(4));

    System.setProperty(RetortTests.UPDATE_SNAPSHOTS, "true");
    assertEquals(snapshotTest, runAll(kit(database.create(tempDir), branched().build()).snapshots(dir)).get(4));
    String written = Files.readString(dir.resolve(file));
    assertTrue(written.contains("table u\n  column id: integer\n"), written);
    System.clearProperty(RetortTests.UPDATE_SNAPSHOTS);

    assertEquals(snapshotTest, runAll(kit(database.create(tempDir), branched().build()).snapshots(dir)).get(4));

    TestRegistry changed =
        branched()
            .revision(
                "n",
                List.of("m"),
                sql("ALTER TABLE u ADD COLUMN label VARCHAR(20)", "ALTER TABLE u DROP COLUMN label"),
                true)
            .build();
    List<String> outcomes = runAll(kit(database.create(tempDir), changed).snapshots(dir));
    assertEquals(
        snapshotTest
            + " -> FAILED: the schema at head differs from the snapshot "
            + dir.resolve(file)
            + "\n  table u: column label: only in the revisions (varchar(20))\n"
            + "if the change is intended, rewrite the snapshot with -Dretort.updateSnapshots=true"
            + " and commit it",
        outcomes.get(5));
    // A stale snapshot changes no database: the test after it still runs.
    assertEquals(
        "base → head in one upgrade, after a downgrade to base that leaves no trace",
        outcomes.get(6));
  }

  /** The DDL of what {@link #branched()} builds at head, as a model's export would say it. */
  private static final String BRANCHED_DDL =
      """
      CREATE TABLE t (id INTEGER PRIMARY KEY, note TEXT);
      CREATE TABLE u (id INTEGER PRIMARY KEY);
      CREATE INDEX ix_t_note ON t (note);
      """;

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void target_matching_passes_thenAModelChange_failsListingIt(TestDatabase database)
      throws Exception {
    Path model = Files.writeString(tempDir.resolve("schema.sql"), BRANCHED_DDL);
    String targetTest = "head: no pending changes against the DDL file " + model;

    List<String> matching =
        runAll(kit(database.create(tempDir), branched().build()).target(TargetSchema.ddl(model)));
    assertEquals(targetTest, matching.get(4));
    assertEquals(6, matching.size(), matching::toString);

    // The model gains a column and a table; no revision adds them.
    Files.writeString(
        model,
        BRANCHED_DDL.replace("note TEXT)", "note TEXT, done BOOLEAN)")
            + "CREATE TABLE tag (label VARCHAR(30));\n");
    List<String> outcomes =
        runAll(kit(database.create(tempDir), branched().build()).target(TargetSchema.ddl(model)));

    assertEquals(
        targetTest
            + " -> FAILED: the revisions at head do not build the DDL file "
            + model
            + ": 2 pending changes\n"
            + "  table t: column done: only in the target (boolean)\n"
            + "  table tag: only in the target\n"
            + "write the revision that makes them, or change the target back",
        outcomes.get(4));
    // The comparison ran in a scratch: the test after it still runs, on an untouched database.
    assertEquals(
        "base → head in one upgrade, after a downgrade to base that leaves no trace",
        outcomes.get(5));
  }

  /** The static assertion, with a developer's database as the target. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void assertNoPendingChanges_databaseTarget(TestDatabase database) {
    DataSource developer = database.create(tempDir);
    Retort retort =
        Retort.configure().dataSource(database.create(tempDir)).registry(branched().build()).load();
    Retort.configure().dataSource(developer).registry(branched().build()).load().upgrade("head");

    RetortTests.assertNoPendingChanges(retort, TargetSchema.database(developer));

    execute(developer, "DROP INDEX ix_t_note");
    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> RetortTests.assertNoPendingChanges(retort, TargetSchema.database(developer)));
    assertEquals(
        "the revisions at head do not build the target database: 1 pending change\n"
            + "  table t: index ix_t_note: only in the revisions ((note))\n"
            + "write the revision that makes it, or change the target back",
        failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void irreversibleAndMinimum_upgradedOnly(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision("a", List.of(), sql("CREATE TABLE t (id INTEGER)", "DROP TABLE t"), true)
            .revision("b", List.of("a"), sql("CREATE TABLE u (id INTEGER)", null), false)
            .revision("c", List.of("b"), sql("CREATE TABLE v (id INTEGER)", "DROP TABLE v"), true)
            .revision("d", List.of("c"), sql("CREATE TABLE w (id INTEGER)", "DROP TABLE w"), true)
            .build();

    List<String> outcomes = runAll(kit(db, registry).minimumDowngradeRevision("c"));

    assertEquals(
        List.of(
            "a Revision_a: upgrade (kept by minimumDowngradeRevision)",
            "b Revision_b: upgrade (irreversible)",
            "c Revision_c: upgrade (kept by minimumDowngradeRevision)",
            "d Revision_d: upgrade, downgrade leaves no trace, upgrade again"),
        outcomes);
    assertEquals(4 + 2, registry.createCalls.get());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void fixture_rowsBeforeTheRevision_checkedAfterIt(TestDatabase database) {
    DataSource db = database.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision("a", List.of(), sql("CREATE TABLE t (id INTEGER, name TEXT)", "DROP TABLE t"), true)
            .revision(
                "b",
                List.of("a"),
                new TestRegistry.Sql(
                    List.of("ALTER TABLE t ADD COLUMN upper_name TEXT", "UPDATE t SET upper_name = UPPER(name)"),
                    List.of("ALTER TABLE t DROP COLUMN upper_name")),
                true)
            .build();
    List<String> seen = new ArrayList<>();

    List<String> outcomes =
        runAll(
            kit(db, registry)
                .fixture(
                    "b",
                    c -> {
                      try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO t (id, name) VALUES (1, 'ada')");
                      }
                    },
                    c -> {
                      try (Statement s = c.createStatement();
                          ResultSet r = s.executeQuery("SELECT upper_name FROM t WHERE id = 1")) {
                        r.next();
                        seen.add(r.getString(1));
                        assertEquals("ADA!", r.getString(1), "upper_name after b");
                      }
                    }));

    assertEquals(List.of("ADA"), seen);
    assertEquals(
        "b Revision_b: upgrade, downgrade leaves no trace, upgrade again -> FAILED: upper_name"
            + " after b ==> expected: <ADA!> but was: <ADA>",
        outcomes.get(1));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void databaseNotEmpty_failsSayingSo(TestDatabase database) {
    DataSource db = database.create(tempDir);
    execute(db, "CREATE TABLE leftover (id INTEGER)");

    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> kit(db, branched().build()).dynamicTests().findFirst().orElseThrow()
                .getExecutable().execute());

    assertEquals(
        "the database under test is not empty: it holds\ntable leftover\n  column id: integer\n"
            + "\nhand RetortTests a new, empty database",
        failure.getMessage());
  }
}
