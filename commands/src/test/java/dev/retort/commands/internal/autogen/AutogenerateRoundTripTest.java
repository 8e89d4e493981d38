package dev.retort.commands.internal.autogen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.commands.internal.RevisionSourceWriter;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import dev.retort.runtime.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Autogenerate's round trip on both databases: a revision set builds the revisions' schema, the
 * same set plus one hand-written revision builds the target, autogenerate writes a revision from
 * the two schemas, javac compiles it with the real processor (no error, no warning), and running
 * it upgrades the revisions' schema to exactly the target and downgrades it back to exactly where
 * it was.
 */
class AutogenerateRoundTripTest {
  private static final List<String> BOOKKEEPING = List.of("retort_version", "retort_history");

  private static final String HEADER =
      """
      package gen;

      import dev.retort.Revision;
      import dev.retort.runtime.Migration;
      import dev.retort.runtime.ops.*;
      import java.math.BigDecimal;
      import java.util.List;

      """;

  /** The revisions' schema: two tables with a key, a foreign key, a unique, a check, an index. */
  private static final String BASE =
      HEADER
          + """
          @Revision(id = "b0001", message = "base")
          public final class Base implements Migration {
            @Override
            public void upgrade(Operations op) {
              op.createTable(
                  Table.named("athlete")
                      .column(Column.of("id", ColumnType.bigint()).identity())
                      .column(Column.of("name", ColumnType.varchar(100)).notNull())
                      .column(Column.of("nickname", ColumnType.text()))
                      .column(Column.of("kind",
                          ColumnType.enumeration("athlete_kind", List.of("amateur", "pro"))))
                      .unique("uq_athlete_nickname", "nickname"));
              op.createTable(
                  Table.named("workout")
                      .column(Column.of("id", ColumnType.bigint()).identity())
                      .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
                      .column(Column.of("seconds", ColumnType.integer()).notNull())
                      .column(Column.of("started_at", ColumnType.timestampWithTimeZone()))
                      .column(Column.of("note", ColumnType.varchar(50)))
                      .foreignKey(ForeignKey.from("athlete_id").references("athlete", "id")
                          .named("fk_workout_athlete"))
                      .check("ck_workout_seconds", "seconds > 0"));
              op.createIndex(Index.named("ix_workout_started").on("workout", "started_at"));
            }

            @Override
            public void downgrade(Operations op) {
              op.dropTable("workout");
              op.dropTable("athlete");
            }
          }
          """;

  record Scenario(String name, String targetBody, List<String> both, List<String> postgres,
      List<String> sqlite) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> roundTrips() {
    List<Scenario> scenarios =
        List.of(
            new Scenario(
                "new table with a new enum, a naive timestamp and a foreign key",
                """
                op.createTable(
                    Table.named("gear")
                        .column(Column.of("id", ColumnType.bigint()).identity())
                        .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
                        .column(Column.of("kind",
                            ColumnType.enumeration("gear_kind", List.of("shoe", "bike"))).notNull())
                        .column(Column.of("bought_at", ColumnType.timestamp()).notNull()
                            .serverDefault(ServerDefault.currentTimestamp()))
                        .foreignKey(ForeignKey.from("athlete_id").references("athlete", "id")
                            .onDelete(ReferentialAction.CASCADE).named("fk_gear_athlete")));
                """,
                List.of(
                    "ColumnType.enumeration(\"gear_kind\", List.of(\"shoe\", \"bike\"))",
                    "Column.of(\"bought_at\", ColumnType.timestamp()).notNull()"
                        + ".serverDefault(ServerDefault.currentTimestamp())",
                    ".onDelete(ReferentialAction.CASCADE).named(\"fk_gear_athlete\")",
                    "op.dropTable(\"gear\");"),
                List.of(),
                List.of()),
            new Scenario(
                "new columns with defaults",
                """
                op.batchAlterTable("athlete", batch -> {
                  batch.addColumn(Column.of("country", ColumnType.varchar(2)).notNull()
                      .serverDefault(ServerDefault.value("NO")));
                  batch.addColumn(Column.of("weight_kg", ColumnType.numeric(5, 1))
                      .serverDefault(ServerDefault.value(new BigDecimal("70.5"))));
                  batch.addColumn(Column.of("active", ColumnType.bool()).notNull()
                      .serverDefault(ServerDefault.value(true)));
                });
                """,
                List.of(
                    "Column.of(\"country\", ColumnType.varchar(2)).notNull()"
                        + ".serverDefault(ServerDefault.value(\"NO\"))",
                    ".serverDefault(ServerDefault.value(new BigDecimal(\"70.5\")))",
                    ".serverDefault(ServerDefault.value(true))"),
                List.of("op.addColumn(\"athlete\", ", "op.dropColumn(\"athlete\", \"country\");"),
                // Constant defaults: SQLite's own ADD COLUMN, no rebuild on the way up.
                List.of("op.addColumn(\"athlete\", ", "batch.dropColumn(\"country\");")),
            new Scenario(
                "not null change",
                """
                op.batchAlterTable("athlete", batch ->
                    batch.alterColumn("nickname", ColumnChange.of().notNull()));
                """,
                List.of(
                    "TODO(autogenerate): data migration: rows where athlete.nickname IS NULL"),
                List.of(
                    "op.alterColumn(\"athlete\", \"nickname\", ColumnChange.of().notNull());",
                    "op.alterColumn(\"athlete\", \"nickname\", ColumnChange.of().nullable());"),
                List.of(
                    "op.batchAlterTable(\"athlete\", batch -> {",
                    "batch.alterColumn(\"nickname\", ColumnChange.of().notNull());")),
            new Scenario(
                "type change",
                """
                op.batchAlterTable("workout", batch -> {
                  batch.alterColumn("note", ColumnChange.of().type(ColumnType.text()));
                  batch.alterColumn("seconds", ColumnChange.of().type(ColumnType.bigint()));
                  batch.alterColumn("started_at", ColumnChange.of().type(ColumnType.timestamp()));
                });
                """,
                List.of(
                    "ColumnChange.of().type(ColumnType.text())",
                    "ColumnChange.of().type(ColumnType.varchar(50))",
                    "ColumnChange.of().type(ColumnType.timestamp())",
                    "ColumnChange.of().type(ColumnType.timestampWithTimeZone())",
                    // bigint to integer narrows: the downgrade says so.
                    "data migration: workout.seconds changes from bigint to integer"),
                List.of(),
                List.of("op.batchAlterTable(\"workout\", batch -> {")),
            new Scenario(
                "index added and dropped",
                """
                op.dropIndex("ix_workout_started");
                op.createIndex(Index.named("ix_athlete_name").on("athlete", "name").unique());
                op.createIndex(
                    Index.named("ix_workout_recent").on("workout", "athlete_id", "started_at")
                        .where("seconds > 60"));
                """,
                List.of(),
                // Only indexes: built and dropped concurrently, outside a transaction.
                List.of(
                    "transactional = false)",
                    "op.dropIndexConcurrently(\"ix_workout_started\");",
                    "op.createIndex(Index.named(\"ix_athlete_name\").on(\"athlete\", \"name\")"
                        + ".unique().concurrently());",
                    "op.createIndex(Index.named(\"ix_workout_started\")"
                        + ".on(\"workout\", \"started_at\").concurrently());"),
                List.of(
                    "op.dropIndex(\"ix_workout_started\");",
                    "op.createIndex(Index.named(\"ix_athlete_name\").on(\"athlete\", \"name\")"
                        + ".unique());",
                    "op.createIndex(Index.named(\"ix_workout_started\")"
                        + ".on(\"workout\", \"started_at\"));")),
            new Scenario(
                "unique added and dropped",
                """
                op.batchAlterTable("athlete", batch -> {
                  batch.dropConstraint("uq_athlete_nickname");
                  batch.createUniqueConstraint("uq_athlete_name_kind", "name", "kind");
                });
                """,
                List.of("\"uq_athlete_name_kind\", ", "\"uq_athlete_nickname\", "),
                List.of(
                    "transactional = false)",
                    "op.dropConstraint(\"athlete\", \"uq_athlete_nickname\");",
                    "op.createIndex(Index.named(\"uq_athlete_name_kind\").on(\"athlete\","
                        + " \"name\", \"kind\").unique().concurrently());",
                    "op.createUniqueConstraintUsingIndex(\"uq_athlete_name_kind\", \"athlete\","
                        + " \"uq_athlete_name_kind\");"),
                List.of("batch.createUniqueConstraint(\"uq_athlete_name_kind\", \"name\", \"kind\");")),
            new Scenario(
                "check added and dropped",
                """
                op.batchAlterTable("workout", batch -> {
                  batch.dropConstraint("ck_workout_seconds");
                  batch.createCheckConstraint("ck_workout_note", "length(note) < 40");
                });
                """,
                List.of("\"ck_workout_note\"", "\"ck_workout_seconds\""),
                List.of(
                    "transactional = false)",
                    "op.createCheckConstraintNotValid(\"ck_workout_note\", \"workout\", ",
                    "op.validateConstraint(\"workout\", \"ck_workout_note\");"),
                List.of("batch.createCheckConstraint(\"ck_workout_note\", ")),
            new Scenario(
                "foreign key added and dropped",
                """
                op.batchAlterTable("workout", batch -> {
                  batch.dropConstraint("fk_workout_athlete");
                  batch.addColumn(Column.of("coach_id", ColumnType.bigint()));
                  batch.createForeignKey(ForeignKey.from("coach_id").references("athlete", "id")
                      .onDelete(ReferentialAction.SET_NULL).named("fk_workout_coach"));
                });
                """,
                List.of(
                    "ForeignKey.from(\"coach_id\").references(\"athlete\", \"id\")"
                        + ".onDelete(ReferentialAction.SET_NULL).named(\"fk_workout_coach\")",
                    "ForeignKey.from(\"athlete_id\").references(\"athlete\", \"id\")"
                        + ".named(\"fk_workout_athlete\")"),
                // A column too: in a transaction, so the plain form, saying why.
                List.of(
                    "op.dropConstraint(\"workout\", \"fk_workout_athlete\");",
                    "ADD FOREIGN KEY checks every row of workout under a lock that blocks writes"
                        + " to it and to athlete. The lock-safe form (.notValid() then"
                        + " op.validateConstraint) needs a revision with transactional = false",
                    "op.createForeignKey(\"workout\", "),
                List.of("batch.dropConstraint(\"fk_workout_athlete\");")),
            new Scenario(
                "enum extended",
                """
                op.addEnumValue("athlete_kind", "elite");
                """,
                List.of(
                    "op.addEnumValue(\"athlete_kind\", \"elite\");",
                    "op.replaceEnumValues(\"athlete_kind\", List.of(\"amateur\", \"pro\"));"),
                List.of(),
                List.of()),
            new Scenario(
                "table dropped",
                """
                op.dropTable("workout");
                """,
                List.of(
                    "op.dropTable(\"workout\");",
                    "Table.named(\"workout\")",
                    ".check(\"ck_workout_seconds\", ",
                    "op.createIndex(Index.named(\"ix_workout_started\")"),
                List.of(),
                List.of()),
            new Scenario(
                "column dropped and one of the same type added",
                """
                op.batchAlterTable("workout", batch -> {
                  batch.dropColumn("note");
                  batch.addColumn(Column.of("remark", ColumnType.varchar(50)));
                });
                """,
                List.of("note is dropped and remark added with the same type: if it is a rename,"),
                List.of(),
                List.of()));
    List<Arguments> arguments = new ArrayList<>();
    for (TestDatabase database : TestDatabase.values()) {
      for (Scenario scenario : scenarios) {
        arguments.add(Arguments.of(database, scenario));
      }
    }
    return arguments.stream();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("roundTrips")
  void generatedRevision_compiles_upgradesToTheTarget_andDowngradesBack(
      TestDatabase database, Scenario scenario, @TempDir Path tempDir) throws Exception {
    Path targetSources = tempDir.resolve("target-src");
    write(targetSources, "Base", BASE);
    write(
        targetSources,
        "Target",
        HEADER
            + "@Revision(id = \"t0001\", down = \"b0001\", message = \"target\")\n"
            + "public final class Target implements Migration {\n"
            + "  @Override\n"
            + "  public void upgrade(Operations op) {\n"
            + scenario.targetBody().indent(4)
            + "  }\n\n"
            + "  @Override\n"
            + "  public void downgrade(Operations op) {}\n"
            + "}\n");
    RevisionCompiler.Compiled targetSet = RevisionCompiler.compile(targetSources, tempDir, "gen");
    assertEquals(List.of(), targetSet.errors());

    DataSource revisions = database.create(tempDir);
    DataSource target = database.create(tempDir);
    retort(revisions, targetSet.registry()).upgrade("b0001");
    retort(target, targetSet.registry()).upgrade("head");
    Schema before = read(revisions);
    Schema wanted = read(target);
    assertFalse(SchemaDiff.between(before, wanted).isEmpty(), "the scenario changes nothing");

    Autogenerate bodies = Autogenerate.between(before, wanted);
    Path sources = tempDir.resolve("src");
    write(sources, "Base", BASE);
    Path file =
        RevisionSourceWriter.write(
            sources, "gen", "Autogenerated", "g0001", List.of("b0001"), scenario.name(), bodies);
    String source = Files.readString(file);
    List<String> expected = new ArrayList<>(scenario.both());
    expected.addAll(database == TestDatabase.POSTGRES ? scenario.postgres() : scenario.sqlite());
    // JavaPoet and the comment writer break long lines: compare the text as one line.
    String flat =
        source
            .replaceAll("\\(\\n\\s*", "(")
            .replaceAll("\\n\\s*\\.", ".")
            .replaceAll("\\n\\s*(//\\s+)?", " ");
    for (String text : expected) {
      assertTrue(flat.contains(text), () -> "no " + text + " in\n" + source);
    }

    RevisionCompiler.Compiled generated = RevisionCompiler.compile(sources, tempDir, "gen");
    assertEquals(List.of(), generated.errors(), source);
    assertEquals(List.of(), generated.warnings(), source);
    assertNotNull(generated.registry());

    Retort retort = retort(revisions, generated.registry());
    retort.upgrade("head");
    assertEquals(
        "", SchemaDiff.between(wanted, "the target", read(revisions), "upgraded").toString(),
        source);
    retort.downgrade("b0001");
    assertEquals(
        "", SchemaDiff.between(before, "before", read(revisions), "downgraded").toString(),
        source);
  }

  static Retort retort(DataSource dataSource, RevisionRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  static Schema read(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return Schema.read(connection, BOOKKEEPING);
    }
  }

  static void write(Path root, String className, String text) throws IOException {
    Path file = root.resolve("gen").resolve(className + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }
}
