package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The lock-safety rules: each fires on its hazard, on the call, with its tag, and stays quiet on
 * the safe form and where the table is new; severities by option; exemptions with a reason.
 */
class LockSafetyValidatorTest {
  /** 77b0 creates workout (integer id, varchar(50) name, integer seconds) and athlete. */
  private static final JavaFileObject CREATE_WORKOUT =
      revision(
          "CreateWorkout",
          "@Revision(id = \"77b0\")",
          """
          op.createTable(Table.named("workout")
              .column(Column.of("id", ColumnType.integer()).primaryKey())
              .column(Column.of("name", ColumnType.varchar(50)))
              .column(Column.of("price", ColumnType.numeric(10, 2)))
              .column(Column.of("seconds", ColumnType.integer())));
          op.execute("CREATE TABLE athlete (id bigint PRIMARY KEY, email varchar(100))");
          """);

  /** A revision class {@code name} in com.example.db whose upgrade body is {@code body}. */
  private static JavaFileObject revision(String name, String annotation, String body) {
    return JavaFileObjects.forSourceString(
        "com.example.db." + name,
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.*;

        %s
        public final class %s implements Migration {
          @Override
          public void upgrade(Operations op) {
        %s
          }
        }
        """
            .formatted(annotation, name, body.indent(4)));
  }

  /** Revision 1b7e after 77b0, class Change, running {@code body}. */
  private static JavaFileObject change(String body) {
    return revision("Change", "@Revision(id = \"1b7e\", down = \"77b0\")", body);
  }

  /**
   * Compiles for PostgreSQL alone unless {@code options} say otherwise, so that SQLite's own rule
   * stays out of these tests.
   */
  private static Compilation compile(List<String> options, JavaFileObject... sources) {
    List<String> all = new ArrayList<>(options);
    if (all.stream().noneMatch(option -> option.startsWith("-Aretort.dialects="))) {
      all.add("-Aretort.dialects=postgresql");
    }
    return Compiler.javac()
        .withProcessors(new RevisionProcessor())
        .withOptions(all)
        .compile(sources);
  }

  private static Compilation compile(JavaFileObject... sources) {
    return compile(List.of(), sources);
  }

  /** Every rule at {@code severity}, so that a test sees one rule's report as an error. */
  private static List<String> all(String severity) {
    return List.of("-Aretort.lint=" + severity);
  }

  private static List<Diagnostic<? extends JavaFileObject>> lint(Compilation compilation) {
    List<Diagnostic<? extends JavaFileObject>> found = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.diagnostics()) {
      if (d.getKind() != Diagnostic.Kind.NOTE && d.getMessage(null).startsWith("[Retort/")) {
        found.add(d);
      }
    }
    return found;
  }

  private static void assertQuiet(Compilation compilation) {
    assertThat(compilation).succeeded();
    assertThat(lint(compilation)).isEmpty();
  }

  // ---- NonConcurrentIndex

  @Test
  void indexWithoutConcurrently_onAnEarlierTable_warnsOnTheCallWithTheSafeSequence() {
    JavaFileObject change =
        change("op.createIndex(Index.named(\"ix_workout_name\").on(\"workout\", \"name\"));");

    Compilation compilation = compile(CREATE_WORKOUT, change);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(1);
    assertThat(compilation)
        .hadWarningContaining(
            """
[Retort/NonConcurrentIndex] revision 1b7e (Change.java) creates index ix_workout_name on workout \
without CONCURRENTLY: on PostgreSQL CREATE INDEX holds a SHARE lock on workout for the whole \
build, blocking every INSERT, UPDATE and DELETE until the index is built
    workout was created by an earlier revision, 77b0 (CreateWorkout.java)
  safe sequence:
    // a revision of its own: @Revision(..., transactional = false)
    op.createIndex(Index.named("ix_workout_name").on("workout", ...).concurrently());
  or, where the hazard does not apply, exempt the revision with a reason:
    @Revision(..., allow = @Revision.Allow(rule = "NonConcurrentIndex", reason = "..."))\
""")
        .inFile(change)
        .onLineContaining("op.createIndex(");
  }

  @Test
  void indexWithoutConcurrently_inSql_isAnErrorWhenSetSo() {
    JavaFileObject change = change("op.execute(\"CREATE UNIQUE INDEX ix_a ON athlete (email)\");");

    Compilation compilation =
        compile(List.of("-Aretort.lint.NonConcurrentIndex=error"), CREATE_WORKOUT, change);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/NonConcurrentIndex] revision 1b7e (Change.java) creates index ix_a on"
                + " athlete without CONCURRENTLY")
        .inFile(change)
        .onLineContaining("op.execute(");
  }

  @Test
  void indexConcurrently_inANonTransactionalRevision_isQuiet() {
    JavaFileObject change =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", transactional = false)",
            """
            op.createIndex(Index.named("ix_workout_name").on("workout", "name").concurrently());
            op.execute("CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_a ON athlete (email)");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  @Test
  void indexConcurrently_inATransactionalRevision_failsAsNonTransactional() {
    JavaFileObject change =
        change(
            "op.createIndex(Index.named(\"ix_workout_name\").on(\"workout\", \"name\")"
                + ".concurrently());");

    Compilation compilation = compile(CREATE_WORKOUT, change);

    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/NonTransactional] revision 1b7e (Change.java) runs CREATE INDEX CONCURRENTLY"
                + " inside its transaction")
        .inFile(change)
        .onLineContaining("op.createIndex(");
  }

  @Test
  void index_onATableCreatedInTheSameRevision_isQuiet() {
    JavaFileObject change =
        change(
            """
            op.createTable(Table.named("lap").column(Column.of("id", ColumnType.integer())));
            op.createIndex(Index.named("ix_lap_id").on("lap", "id"));
            op.execute("CREATE TABLE split (id integer); CREATE INDEX ix_split ON split (id)");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  @Test
  void index_onATableOfAnotherBranch_isQuiet() {
    // 1b7e and c3e8 both follow base 0000; only c3e8 creates workout; 1b7e indexes it.
    JavaFileObject base = revision("Base", "@Revision(id = \"0000\")", "");
    JavaFileObject create =
        revision(
            "CreateWorkout",
            "@Revision(id = \"c3e8\", down = \"0000\")",
            "op.execute(\"CREATE TABLE workout (id integer)\");");
    JavaFileObject change =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"0000\")",
            "op.createIndex(Index.named(\"ix\").on(\"workout\", \"id\"));");
    JavaFileObject merge =
        revision("Merge", "@Revision(id = \"5f0a\", down = {\"1b7e\", \"c3e8\"})", "");

    assertQuiet(compile(all("error"), base, create, change, merge));
  }

  @Test
  void index_inARevisionForSqliteOnly_isQuiet() {
    JavaFileObject change =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", dialects = \"sqlite\")",
            "op.createIndex(Index.named(\"ix\").on(\"workout\", \"name\"));");

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
    assertQuiet(
        compile(
            List.of("-Aretort.lint=error", "-Aretort.dialects=sqlite"),
            CREATE_WORKOUT,
            change("op.createIndex(Index.named(\"ix\").on(\"workout\", \"name\"));")));
  }

  @Test
  void index_inABranchOnTheDialect_isQuiet() {
    JavaFileObject change =
        change(
            """
            if (op.dialect() == dev.retort.runtime.Database.POSTGRESQL) {
              op.createIndex(Index.named("ix").on("workout", "name"));
            }
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- NonConcurrentIndexDrop (opt-in)

  @Test
  void dropIndexWithoutConcurrently_isOffByDefault_andFiresWhenOn() {
    JavaFileObject change = change("op.dropIndex(\"ix_workout_name\");");

    assertQuiet(compile(CREATE_WORKOUT, change));
    Compilation on =
        compile(List.of("-Aretort.lint.NonConcurrentIndexDrop=warning"), CREATE_WORKOUT, change);
    assertThat(on).succeeded();
    assertThat(on)
        .hadWarningContaining(
            "[Retort/NonConcurrentIndexDrop] revision 1b7e (Change.java) drops index"
                + " ix_workout_name without CONCURRENTLY: on PostgreSQL DROP INDEX holds an ACCESS"
                + " EXCLUSIVE lock")
        .inFile(change)
        .onLineContaining("op.dropIndex(");
  }

  @Test
  void dropIndexConcurrently_isQuiet() {
    JavaFileObject change =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", transactional = false)",
            """
            op.dropIndexConcurrently("ix_workout_name");
            op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_a");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- ConstraintWithoutNotValid

  @Test
  void foreignKeyAndCheck_withoutNotValid_fire() {
    JavaFileObject change =
        change(
            """
            op.createForeignKey("workout",
                ForeignKey.from("id").references("athlete", "id").named("fk_workout_athlete"));
            op.execute("ALTER TABLE workout ADD CONSTRAINT ck_seconds CHECK (seconds > 0)");
            """);

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/ConstraintWithoutNotValid] revision 1b7e (Change.java) adds foreign key"
                + " fk_workout_athlete to workout without NOT VALID: on PostgreSQL ADD FOREIGN KEY"
                + " holds a SHARE ROW EXCLUSIVE lock on workout and on the referenced table,"
                + " blocking writes to both, while it scans every row of workout")
        .inFile(change)
        .onLineContaining("op.createForeignKey(");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/ConstraintWithoutNotValid] revision 1b7e (Change.java) adds CHECK ck_seconds"
                + " to workout without NOT VALID: on PostgreSQL ADD CHECK holds an ACCESS EXCLUSIVE"
                + " lock on workout")
        .inFile(change)
        .onLineContaining("op.execute(");
    assertThat(compilation)
        .hadErrorContaining("op.validateConstraint(\"workout\", \"ck_seconds\");");
  }

  @Test
  void notValidConstraints_andValidation_areQuiet() {
    JavaFileObject change =
        change(
            """
            op.createForeignKey("workout",
                ForeignKey.from("id").references("athlete", "id").named("fk_w").notValid());
            op.createCheckConstraintNotValid("ck_seconds", "workout", "seconds > 0");
            op.execute("ALTER TABLE workout ADD CONSTRAINT ck_id CHECK (id > 0) NOT VALID");
            op.validateConstraint("workout", "ck_seconds");
            op.execute("ALTER TABLE workout VALIDATE CONSTRAINT ck_id");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- SetNotNull

  @Test
  void setNotNull_onAnEarlierTable_fires() {
    JavaFileObject change =
        change("op.alterColumn(\"workout\", \"seconds\", ColumnChange.of().notNull());");

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/SetNotNull] revision 1b7e (Change.java) sets column seconds of workout NOT"
                + " NULL: on PostgreSQL SET NOT NULL holds an ACCESS EXCLUSIVE lock on workout,"
                + " blocking every read and write, while it scans every row")
        .inFile(change)
        .onLineContaining("op.alterColumn(");
    assertThat(compilation)
        .hadErrorContaining(
            "op.createCheckConstraintNotValid(\"ck_workout_seconds_not_null\", \"workout\","
                + " \"seconds IS NOT NULL\");");
  }

  @Test
  void setNotNull_afterAValidatedCheckInAnEarlierRevision_isQuiet() {
    JavaFileObject check =
        revision(
            "AddCheck",
            "@Revision(id = \"1b7e\", down = \"77b0\")",
            """
            op.createCheckConstraintNotValid("ck_nn", "workout", "seconds IS NOT NULL");
            """);
    JavaFileObject set =
        revision(
            "SetNotNull",
            "@Revision(id = \"9c2e\", down = \"1b7e\")",
            """
            op.validateConstraint("workout", "ck_nn");
            op.execute("ALTER TABLE workout ALTER COLUMN seconds SET NOT NULL");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, check, set));
  }

  // ---- ColumnTypeRewrite

  @Test
  void typeChangeThatRewrites_fires_typedAndSql() {
    JavaFileObject change =
        change(
            """
            op.alterColumn("workout", "name", ColumnChange.of().type(ColumnType.varchar(20)));
            op.execute("ALTER TABLE workout ALTER COLUMN seconds TYPE bigint");
            """);

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/ColumnTypeRewrite] revision 1b7e (Change.java) changes column name of workout"
                + " from varchar(50) to varchar(20): on PostgreSQL the change rewrites workout and"
                + " rebuilds its indexes under an ACCESS EXCLUSIVE lock")
        .inFile(change)
        .onLineContaining("op.alterColumn(");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/ColumnTypeRewrite] revision 1b7e (Change.java) changes column seconds of"
                + " workout from integer to bigint")
        .inFile(change)
        .onLineContaining("op.execute(");
  }

  @Test
  void typeChangesWithoutRewrite_andUnknownOldTypes_areQuiet() {
    JavaFileObject change =
        change(
            """
            op.alterColumn("workout", "name", ColumnChange.of().type(ColumnType.varchar(100)));
            op.execute("ALTER TABLE workout ALTER COLUMN name TYPE text");
            op.execute("ALTER TABLE workout ALTER COLUMN price TYPE numeric(12, 2)");
            op.execute("ALTER TABLE athlete ALTER COLUMN email TYPE varchar(200)");
            op.execute("ALTER TABLE athlete ALTER COLUMN unknown_column TYPE bigint");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  @Test
  void downgrades_areNotChecked_andTheirDropsDoNotHideTypes() {
    JavaFileObject create =
        JavaFileObjects.forSourceString(
            "com.example.db.CreateLap",
            """
            package com.example.db;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.*;

            @Revision(id = "1b7e", down = "77b0")
            public final class CreateLap implements Migration {
              @Override
              public void upgrade(Operations op) {
                op.createTable(Table.named("lap").column(Column.of("n", ColumnType.integer())));
              }

              @Override
              public void downgrade(Operations op) {
                op.dropTable("lap");
                op.createIndex(Index.named("ix_workout_name").on("workout", "name"));
              }
            }
            """);
    JavaFileObject widen =
        revision(
            "WidenLap",
            "@Revision(id = \"9c2e\", down = \"1b7e\")",
            "op.execute(\"ALTER TABLE lap ALTER COLUMN n TYPE bigint\");");

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, create, widen);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/ColumnTypeRewrite] revision 9c2e (WidenLap.java) changes column n of lap"
                + " from integer to bigint")
        .inFile(widen)
        .onLineContaining("op.execute(");
  }

  // ---- RewritingAddColumn

  @Test
  void columnWithVolatileDefault_orStoredGenerated_fires() {
    JavaFileObject change =
        change(
            """
            op.addColumn("workout", Column.of("token", ColumnType.uuid())
                .serverDefault(ServerDefault.expression("gen_random_uuid()")));
            op.execute("ALTER TABLE athlete ADD COLUMN double_id bigint GENERATED ALWAYS AS"
                + " (id * 2) STORED");
            """);

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/RewritingAddColumn] revision 1b7e (Change.java) adds column token to workout"
                + " with the volatile default gen_random_uuid(), evaluated for every row: on"
                + " PostgreSQL that rewrites workout under an ACCESS EXCLUSIVE lock")
        .inFile(change)
        .onLineContaining("op.addColumn(");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/RewritingAddColumn] revision 1b7e (Change.java) adds column double_id to"
                + " athlete as a stored generated column")
        .inFile(change)
        .onLineContaining("op.execute(");
  }

  @Test
  void columnWithConstantOrStableDefault_isQuiet() {
    JavaFileObject change =
        change(
            """
            op.addColumn("workout", Column.of("laps", ColumnType.integer())
                .serverDefault(ServerDefault.value(0)));
            op.addColumn("workout", Column.of("at", ColumnType.timestampWithTimeZone())
                .serverDefault(ServerDefault.currentTimestamp()));
            op.execute("ALTER TABLE athlete ADD COLUMN joined timestamptz DEFAULT now()");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- UniqueWithoutIndex

  @Test
  void uniqueConstraintAddedDirectly_fires() {
    JavaFileObject change =
        change("op.createUniqueConstraint(\"uq_name\", \"workout\", \"name\");");

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/UniqueWithoutIndex] revision 1b7e (Change.java) adds UNIQUE constraint"
                + " uq_name to workout directly: on PostgreSQL ADD UNIQUE builds its index under an"
                + " ACCESS EXCLUSIVE lock on workout")
        .inFile(change)
        .onLineContaining("op.createUniqueConstraint(");
    assertThat(compilation)
        .hadErrorContaining(
            "op.createUniqueConstraintUsingIndex(\"uq_name\", \"workout\", \"uq_name\");");
  }

  @Test
  void uniqueConstraintUsingIndex_isQuiet() {
    JavaFileObject change =
        change(
            """
            op.createUniqueConstraintUsingIndex("uq_name", "workout", "uq_name");
            op.execute("ALTER TABLE athlete ADD CONSTRAINT uq_email UNIQUE USING INDEX uq_email");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- BackwardIncompatible

  @Test
  void droppingAndRenaming_existingColumnsAndTables_warn() {
    JavaFileObject change =
        change(
            """
            op.dropColumn("workout", "seconds");
            op.execute("ALTER TABLE athlete RENAME TO person");
            """);

    Compilation compilation = compile(CREATE_WORKOUT, change);

    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningCount(2);
    assertThat(compilation)
        .hadWarningContaining(
            "[Retort/BackwardIncompatible] revision 1b7e (Change.java) drops column seconds of"
                + " workout: on PostgreSQL the change is instant, but the application still"
                + " running against the database fails on every query that names seconds")
        .inFile(change)
        .onLineContaining("op.dropColumn(");
    assertThat(compilation)
        .hadWarningContaining(
            "[Retort/BackwardIncompatible] revision 1b7e (Change.java) renames table athlete to"
                + " person")
        .inFile(change)
        .onLineContaining("op.execute(");
  }

  @Test
  void droppingWhatTheSameRevisionAdded_isQuiet() {
    JavaFileObject change =
        change(
            """
            op.addColumn("workout", Column.of("tmp", ColumnType.integer()));
            op.dropColumn("workout", "tmp");
            op.createTable(Table.named("scratch").column(Column.of("id", ColumnType.integer())));
            op.dropTable("scratch");
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- PreferJsonb and PreferTimestamptz (opt-in)

  @Test
  void jsonAndTimestamp_areOffByDefault_andFireWhenOn() {
    JavaFileObject change =
        change(
            """
            op.execute("ALTER TABLE workout ADD COLUMN notes json");
            op.addColumn("workout", Column.of("started", ColumnType.timestamp()));
            """);

    assertQuiet(compile(CREATE_WORKOUT, change));
    Compilation on =
        compile(
            List.of("-Aretort.lint.PreferJsonb=error", "-Aretort.lint.PreferTimestamptz=error"),
            CREATE_WORKOUT,
            change);
    assertThat(on).hadErrorCount(2);
    assertThat(on)
        .hadErrorContaining(
            "[Retort/PreferJsonb] revision 1b7e (Change.java) declares column notes of workout as"
                + " json")
        .inFile(change)
        .onLineContaining("op.execute(");
    assertThat(on)
        .hadErrorContaining(
            "[Retort/PreferTimestamptz] revision 1b7e (Change.java) declares column started of"
                + " workout as timestamp without time zone")
        .inFile(change)
        .onLineContaining("op.addColumn(");
  }

  @Test
  void jsonbAndTimestamptz_areQuiet() {
    JavaFileObject change =
        change(
            """
            op.execute("ALTER TABLE workout ADD COLUMN notes jsonb");
            op.addColumn("workout", Column.of("meta", ColumnType.json()));
            op.addColumn("workout", Column.of("started", ColumnType.timestampWithTimeZone()));
            """);

    assertQuiet(compile(all("error"), CREATE_WORKOUT, change));
  }

  // ---- Severities

  @Test
  void severityOff_forOneRule_orAll_silencesIt() {
    JavaFileObject change =
        change("op.createIndex(Index.named(\"ix_workout_name\").on(\"workout\", \"name\"));");

    assertQuiet(compile(List.of("-Aretort.lint.NonConcurrentIndex=off"), CREATE_WORKOUT, change));
    assertQuiet(compile(all("off"), CREATE_WORKOUT, change));
    // A rule's own option wins over the one for all.
    Compilation one =
        compile(
            List.of("-Aretort.lint=off", "-Aretort.lint.NonConcurrentIndex=error"),
            CREATE_WORKOUT,
            change);
    assertThat(one).hadErrorCount(1);
    assertThat(one).hadErrorContaining("[Retort/NonConcurrentIndex]");
  }

  @Test
  void invalidSeverity_andUnknownRuleOption_areOptionErrors() {
    Compilation compilation =
        compile(
            List.of("-Aretort.lint.NonConcurrentIndex=fatal", "-Aretort.lint.NoSuchRule=error"),
            CREATE_WORKOUT);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.lint.NonConcurrentIndex=fatal is not a severity; use"
                + " error, warning or off, or leave it out for the default");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.lint.NoSuchRule names no lock-safety rule; the rules"
                + " are NonConcurrentIndex, NonConcurrentIndexDrop");
  }

  // ---- Exemptions

  @Test
  void allowWithReason_silencesTheRule_andGoesIntoTheRegistry() throws IOException {
    JavaFileObject change =
        revision(
            "Change",
            """
            @Revision(id = "1b7e", down = "77b0", allow = @Revision.Allow(
                rule = "NonConcurrentIndex", reason = "workout has 40 rows"))""",
            "op.createIndex(Index.named(\"ix_workout_name\").on(\"workout\", \"name\"));");

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertQuiet(compilation);
    String registry =
        compilation
            .generatedSourceFile("com.example.db.RetortRegistry")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(registry).contains("allowing(info(\"1b7e\"");
    assertThat(registry).contains("\"NonConcurrentIndex\", \"\", \"workout has 40 rows\")");
  }

  @Test
  void allowForOneTable_silencesOnlyThatTable() {
    JavaFileObject change =
        revision(
            "Change",
            """
            @Revision(id = "1b7e", down = "77b0", allow = @Revision.Allow(
                rule = "NonConcurrentIndex", table = "athlete", reason = "athlete is small"))""",
            """
            op.createIndex(Index.named("ix_workout_name").on("workout", "name"));
            op.createIndex(Index.named("ix_athlete_email").on("athlete", "email"));
            """);

    Compilation compilation = compile(all("error"), CREATE_WORKOUT, change);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("creates index ix_workout_name on workout")
        .inFile(change)
        .onLineContaining("ix_workout_name");
  }

  @Test
  void allowWithoutReason_doesNotCompile_andABlankReasonIsAnError() {
    JavaFileObject missing =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", allow = @Revision.Allow(rule ="
                + " \"NonConcurrentIndex\"))",
            "op.createIndex(Index.named(\"ix\").on(\"workout\", \"name\"));");
    Compilation withoutReason = compile(CREATE_WORKOUT, missing);
    assertThat(withoutReason).failed();
    assertThat(withoutReason).hadErrorContaining("reason");

    JavaFileObject blank =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", allow = @Revision.Allow(rule ="
                + " \"NonConcurrentIndex\", reason = \" \"))",
            "op.createIndex(Index.named(\"ix\").on(\"workout\", \"name\"));");
    Compilation blankReason = compile(CREATE_WORKOUT, blank);
    assertThat(blankReason).failed();
    assertThat(blankReason)
        .hadErrorContaining(
            "[Retort/InvalidAllow] revision 1b7e (Change.java) allows NonConcurrentIndex without a"
                + " reason")
        .inFile(blank)
        .onLineContaining("@Revision(");
    // A blank reason exempts nothing: the finding is still reported.
    assertThat(blankReason).hadWarningContaining("[Retort/NonConcurrentIndex]");
  }

  @Test
  void allowOfAnUnknownRule_isAnErrorWithASuggestion() {
    JavaFileObject change =
        revision(
            "Change",
            "@Revision(id = \"1b7e\", down = \"77b0\", allow = @Revision.Allow(rule ="
                + " \"NonConcurrentIndexes\", reason = \"small\"))",
            "");

    Compilation compilation = compile(CREATE_WORKOUT, change);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidAllow] revision 1b7e (Change.java) allows \"NonConcurrentIndexes\","
                + " which is no lock-safety rule (did you mean \"NonConcurrentIndex\"?)")
        .inFile(change)
        .onLineContaining("NonConcurrentIndexes");
  }

  @Test
  void everyRule_hasItsTagAndOption() {
    for (LintRule rule : LintRule.values()) {
      assertThat(rule.tag()).isEqualTo("[Retort/" + rule.ruleName() + "]");
      assertThat(rule.option()).isEqualTo("retort.lint." + rule.ruleName());
    }
  }
}
