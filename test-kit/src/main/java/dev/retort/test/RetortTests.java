package dev.retort.test;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.SchemaComparison;
import dev.retort.runtime.TargetSchema;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import dev.retort.runtime.schema.SchemaMarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * JUnit 5 tests for a project's revisions, one dynamic test per check, each named after the
 * revision it concerns, run on a real, empty database:
 *
 * <pre>{@code
 * @TestFactory
 * Stream<DynamicTest> revisions(@TempDir Path dir) {
 *   return RetortTests.forDataSource(sqliteFile(dir.resolve("test.db")))
 *       .snapshots(Path.of("src/test/retort"))
 *       .dynamicTests();
 * }
 * }</pre>
 *
 * <ol>
 *   <li><b>Stairway</b>, one test per revision in the registry's order (every down revision before
 *       its child, so branches and merges are walked as they are applied): upgrade to it, check
 *       that a downgrade of that one revision leaves no trace (the schema equals the one before,
 *       with the differences in the failure message), and upgrade to it again. The database is
 *       never rebuilt from base: N revisions cost N upgrades, N downgrades and N upgrades.
 *   <li><b>Snapshot</b>: the head schema equals the committed snapshot file of the dialect;
 *       otherwise the test fails with the differences and the flag that rewrites it, {@code
 *       -Dretort.updateSnapshots=true}.
 *   <li><b>No pending changes</b>, with {@link #target}: the schema the revisions build at head
 *       equals the target schema (the DDL an ORM exports from the model, say); otherwise the test
 *       fails with the differences, the changes a next revision must make. {@link
 *       #assertNoPendingChanges} is the same check for a plain {@code @Test}.
 *   <li><b>Base to head in one upgrade</b>: downgrade to base (no trace), then one upgrade to head
 *       gives the stairway's head schema. Made only when every revision can be downgraded.
 * </ol>
 *
 * <p>Irreversible revisions, and revisions at or below {@link #minimumDowngradeRevision}, are
 * upgraded only. {@link #fixture} inserts rows before a revision and checks them after it.
 */
public final class RetortTests {
  /** The system property that makes the snapshot test write the snapshot instead of failing. */
  public static final String UPDATE_SNAPSHOTS = "retort.updateSnapshots";

  private final Retort retort;
  private Path snapshots;
  private String minimumDowngradeRevision;
  private TargetSchema target;
  private final Map<String, Fixture> fixtures = new LinkedHashMap<>();

  private RetortTests(Retort retort) {
    this.retort = retort;
  }

  /**
   * Tests the revisions of the registry found on the class path against {@code emptyDatabase},
   * which must hold no schema yet.
   */
  public static RetortTests forDataSource(DataSource emptyDatabase) {
    return forRetort(Retort.configure().dataSource(emptyDatabase).load());
  }

  /** Tests {@code retort}'s revisions on its (empty) database, with its settings. */
  public static RetortTests forRetort(Retort retort) {
    return new RetortTests(Objects.requireNonNull(retort, "retort == null"));
  }

  /**
   * Checks the head schema against {@code directory/schema-<dialect>.txt} ({@code
   * schema-sqlite.txt}, {@code schema-postgresql.txt}), a file to commit with the sources.
   */
  public RetortTests snapshots(Path directory) {
    this.snapshots = Objects.requireNonNull(directory, "directory == null");
    return this;
  }

  /**
   * Adds the test that the revisions build {@code target} at head: no pending changes, in
   * pytest-alembic's terms "model definitions match DDL". For CI that fails when someone changed
   * the model (and the DDL exported from it) and forgot the revision:
   *
   * <pre>{@code
   * RetortTests.forDataSource(db).target(TargetSchema.ddl(Path.of("target/schema.sql")))
   * }</pre>
   *
   * <p>The revisions are replayed into a scratch database (see {@link Retort#compare}), not into
   * the database under test.
   */
  public RetortTests target(TargetSchema target) {
    this.target = Objects.requireNonNull(target, "target == null");
    return this;
  }

  /**
   * Fails, listing the differences, unless the schema {@code retort}'s revisions build at head
   * equals {@code target}: the check of {@link #target} for a plain {@code @Test}.
   *
   * <pre>{@code
   * @Test
   * void modelMatchesRevisions() {
   *   RetortTests.assertNoPendingChanges(retort, TargetSchema.ddl(Path.of("target/schema.sql")));
   * }
   * }</pre>
   *
   * @throws AssertionFailedError naming the target and listing each pending change
   */
  public static void assertNoPendingChanges(Retort retort, TargetSchema target) {
    Objects.requireNonNull(retort, "retort == null");
    Objects.requireNonNull(target, "target == null");
    SchemaComparison comparison = retort.compare(target);
    if (comparison.hasPendingChanges()) {
      int count = comparison.differences().size();
      throw new AssertionFailedError(
          "the revisions at head do not build "
              + target
              + ": "
              + count
              + (count == 1 ? " pending change" : " pending changes")
              + "\n"
              + indent(comparison.diff())
              + "write the revision that makes "
              + (count == 1 ? "it" : "them")
              + ", or change the target back");
    }
  }

  /**
   * Never downgrades {@code revision} or the revisions it stands on (pytest-alembic's {@code
   * minimum_downgrade_revision}): for histories whose early revisions are not meant to be undone.
   */
  public RetortTests minimumDowngradeRevision(String revision) {
    this.minimumDowngradeRevision = Objects.requireNonNull(revision, "revision == null");
    return this;
  }

  /**
   * Runs {@code before} just before {@code revision} is first upgraded (rows to insert, in the
   * schema of the revisions below it) and {@code after} just after (assertions on the migrated
   * rows): a data migration's test.
   */
  public RetortTests fixture(String revision, SqlStep before, SqlStep after) {
    Objects.requireNonNull(revision, "revision == null");
    fixtures.put(
        revision,
        new Fixture(
            Objects.requireNonNull(before, "before == null"),
            Objects.requireNonNull(after, "after == null")));
    return this;
  }

  /** Work on a connection of the database under test, in auto-commit mode. */
  @FunctionalInterface
  public interface SqlStep {
    void run(Connection connection) throws SQLException;
  }

  private record Fixture(SqlStep before, SqlStep after) {}

  /**
   * The tests, to return from a {@code @TestFactory}. They share the database and run in order;
   * after a failure that leaves the database in doubt the later ones are aborted, naming it. They
   * share one connection too, opened by the first test and closed by the last (or when JUnit
   * closes the stream).
   */
  public Stream<DynamicTest> dynamicTests() {
    List<RevisionInfo> revisions = retort.config().registry().revisions();
    Set<String> known = new HashSet<>();
    revisions.forEach(r -> known.add(r.id()));
    for (String id : fixtures.keySet()) {
      if (!known.contains(id)) {
        throw new IllegalArgumentException(
            "fixture for revision " + id + ", which no revision in the registry has");
      }
    }
    Set<String> kept = keptRevisions(revisions);
    Run run = new Run();
    List<String> names = new ArrayList<>();
    List<ThrowingStep> steps = new ArrayList<>();
    List<String> abortNames = new ArrayList<>();
    for (RevisionInfo info : revisions) {
      boolean downgrade = info.reversible() && !kept.contains(info.id());
      names.add(
          describe(info)
              + (downgrade
                  ? ": upgrade, downgrade leaves no trace, upgrade again"
                  : ": upgrade (" + (info.reversible() ? "kept by minimumDowngradeRevision"
                      : "irreversible") + ")"));
      steps.add(() -> stair(run, info, downgrade));
      abortNames.add(describe(info));
    }
    if (snapshots != null) {
      names.add("head: schema equals the snapshot");
      steps.add(() -> snapshot(run));
      abortNames.add(null); // reads only: a stale snapshot does not stop the tests after it
    }
    if (target != null) {
      TargetSchema wanted = target;
      names.add("head: no pending changes against " + wanted);
      steps.add(() -> assertNoPendingChanges(retort, wanted));
      abortNames.add(null); // replays into a scratch, not the database under test
    }
    if (kept.isEmpty() && revisions.stream().allMatch(RevisionInfo::reversible)) {
      names.add("base → head in one upgrade, after a downgrade to base that leaves no trace");
      steps.add(() -> fullCycle(run));
      abortNames.add("base → head");
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      boolean last = i == names.size() - 1;
      String abortName = abortNames.get(i);
      ThrowingStep step = steps.get(i);
      tests.add(dynamicTest(names.get(i), () -> run.step(abortName, step, last)));
    }
    return tests.stream().onClose(run::close);
  }

  /** The minimum downgrade revision and everything it stands on. */
  private Set<String> keptRevisions(List<RevisionInfo> revisions) {
    Set<String> kept = new HashSet<>();
    if (minimumDowngradeRevision == null) {
      return kept;
    }
    Map<String, RevisionInfo> byId = new LinkedHashMap<>();
    revisions.forEach(r -> byId.put(r.id(), r));
    if (!byId.containsKey(minimumDowngradeRevision)) {
      throw new IllegalArgumentException(
          "minimumDowngradeRevision " + minimumDowngradeRevision + " is no revision in the registry");
    }
    List<String> pending = new ArrayList<>(List.of(minimumDowngradeRevision));
    while (!pending.isEmpty()) {
      String id = pending.remove(pending.size() - 1);
      if (kept.add(id)) {
        pending.addAll(byId.get(id).downs());
      }
    }
    return kept;
  }

  private static String describe(RevisionInfo info) {
    return info.id() + " " + info.simpleName();
  }

  /**
   * What the tests share: one connection and this Retort on it, the schemas marked on it (the
   * empty database, the schema after the last step, the schema after a step's first upgrade), and
   * the first failure. Every command and every comparison runs on that connection: a new SQLite
   * connection parses the whole schema on its first statement and a new PostgreSQL connection
   * starts a server process, costs that grow with the history; and a step compares the schemas
   * inside SQLite, without reading them, unless they differ (#11).
   */
  private final class Run {
    static final String BASE = "base";

    // The marks of the schema after the last step and after this step's first upgrade take turns
    // under two names: the second becomes the first without copying it.
    String current = "a";
    String upgraded = "b";

    Connection connection;
    Retort session;
    SchemaMarks marks;
    String failed;

    /**
     * Runs {@code step}; a failure aborts the later steps when {@code name} is not null. The last
     * test closes the connection, whatever its outcome.
     */
    void step(String name, ThrowingStep step, boolean last) throws Throwable {
      try {
        if (failed != null) {
          throw new TestAbortedException("not run: " + failed + " failed before it");
        }
        try {
          if (marks == null) {
            start();
          }
          step.run();
        } catch (Throwable e) {
          if (failed == null) {
            failed = name;
          }
          throw e;
        }
      } finally {
        if (last) {
          close();
        }
      }
    }

    private void start() throws SQLException {
      if (connection == null) {
        connection = retort.config().dataSource().getConnection();
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
        session = retort.onConnection(connection);
      }
      Schema empty = read(this);
      if (!empty.isEmpty() || !session.current().revisions().isEmpty()) {
        throw new AssertionFailedError(
            "the database under test is not empty: "
                + (empty.isEmpty() ? "its version table names " + session.current().revisions()
                    : "it holds\n" + empty.toText())
                + "\nhand RetortTests a new, empty database");
      }
      marks = SchemaMarks.on(connection, bookkeeping());
      marks.mark(BASE);
      marks.copy(BASE, current);
    }

    void close() {
      if (marks != null) {
        try {
          marks.close();
        } catch (SQLException e) {
          // Closing the connection below forgets them too.
        } finally {
          marks = null;
        }
      }
      if (connection != null) {
        try {
          connection.close();
        } catch (SQLException e) {
          throw new IllegalStateException(
              "could not close the connection to the database under test", e);
        } finally {
          connection = null;
        }
      }
    }
  }

  @FunctionalInterface
  private interface ThrowingStep {
    void run() throws Throwable;
  }

  private void stair(Run run, RevisionInfo info, boolean downgrade) throws SQLException {
    Fixture fixture = fixtures.get(info.id());
    if (fixture != null) {
      runFixture(run, fixture.before());
    }
    // The commands' results carry the version rows before and after: no extra query.
    List<String> rowsBefore = run.session.upgrade(info.id()).from();
    if (fixture != null) {
      runFixture(run, fixture.after());
    }
    if (!downgrade) {
      run.marks.mark(run.current);
      return;
    }
    run.marks.mark(run.upgraded);
    // The registry's order puts every revision after those it stands on, so the newest applied
    // one is this one, and "-1" reverts exactly it, on a branch or at a merge alike.
    List<String> rowsAfter = run.session.downgrade("-1").to();
    SchemaDiff trace = run.marks.compare(run.current, "the schema before", "the schema after");
    if (!trace.isEmpty()) {
      throw new AssertionFailedError(
          "downgrade of "
              + describe(info)
              + " left a trace: the schema after its upgrade and downgrade differs from the"
              + " schema before\n"
              + indent(trace));
    }
    if (!rowsAfter.equals(rowsBefore)) {
      throw new AssertionFailedError(
          "downgrade of "
              + describe(info)
              + " left the version table at "
              + rowsAfter
              + ", not at "
              + rowsBefore);
    }
    run.session.upgrade(info.id());
    SchemaDiff second = run.marks.compare(run.upgraded, "the first upgrade", "the second");
    if (!second.isEmpty()) {
      throw new AssertionFailedError(
          "upgrading "
              + describe(info)
              + " again after its downgrade gave another schema\n"
              + indent(second));
    }
    // The comparison left the mark at the schema the database now holds, in its spelling.
    String before = run.current;
    run.current = run.upgraded;
    run.upgraded = before;
  }

  private void snapshot(Run run) throws IOException {
    Schema head = read(run);
    String dialect = head.dialect().toLowerCase(Locale.ROOT);
    Path file = snapshots.resolve("schema-" + dialect + ".txt");
    String text =
        "# Retort schema snapshot: the schema the revisions build at head on "
            + head.dialect()
            + ".\n# Checked by RetortTests; rewrite it with -D"
            + UPDATE_SNAPSHOTS
            + "=true and commit the change.\n"
            + head.toText();
    if (Boolean.getBoolean(UPDATE_SNAPSHOTS)) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      throw new AssertionFailedError(
          "no schema snapshot at "
              + file
              + "; write it with -D"
              + UPDATE_SNAPSHOTS
              + "=true and commit it");
    }
    SchemaDiff diff =
        SchemaDiff.between(
            Files.readString(file, StandardCharsets.UTF_8),
            "the snapshot",
            head,
            "the revisions");
    if (!diff.isEmpty()) {
      throw new AssertionFailedError(
          "the schema at head differs from the snapshot "
              + file
              + "\n"
              + indent(diff)
              + "if the change is intended, rewrite the snapshot with -D"
              + UPDATE_SNAPSHOTS
              + "=true and commit it");
    }
  }

  private void fullCycle(Run run) throws SQLException {
    run.session.downgrade("base");
    SchemaDiff trace = run.marks.compare(Run.BASE, "the empty database", "base");
    if (!trace.isEmpty()) {
      throw new AssertionFailedError(
          "downgrade from head to base left a trace\n" + indent(trace));
    }
    run.session.upgrade("head");
    SchemaDiff diff = run.marks.compare(run.current, "the stairway", "one upgrade from base");
    if (!diff.isEmpty()) {
      throw new AssertionFailedError(
          "one upgrade from base to head gave another schema than the stairway\n" + indent(diff));
    }
  }

  /** Runs a fixture's step on the shared connection, and hands it on in auto-commit mode. */
  private static void runFixture(Run run, SqlStep step) throws SQLException {
    try {
      step.run(run.connection);
    } finally {
      if (!run.connection.getAutoCommit()) {
        run.connection.setAutoCommit(true); // commits what the step left open
      }
    }
  }

  private List<String> bookkeeping() {
    return retort.config().ownTables();
  }

  private Schema read(Run run) {
    try {
      return Schema.read(run.connection, bookkeeping());
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the schema of the database under test", e);
    }
  }

  private static String indent(SchemaDiff diff) {
    StringBuilder text = new StringBuilder();
    diff.differences().forEach(line -> text.append("  ").append(line).append('\n'));
    return text.toString();
  }
}
