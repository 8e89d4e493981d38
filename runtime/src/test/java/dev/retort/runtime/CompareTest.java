package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.ServerDefault;
import dev.retort.runtime.ops.Table;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Retort#compare(TargetSchema)} on both databases: a DDL target and a database target, each
 * matching the revisions (no pending changes) and differing from them (each difference a line), and
 * the errors: a bad DDL line, a missing file, a target database of another kind. Every test also
 * checks that the Retort's own database was not touched and that no scratch was left behind.
 */
class CompareTest {
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
                                    .serverDefault(ServerDefault.value("none"))));
                    op.createIndex(Index.named("ix_workout_athlete").on("workout", "athlete"));
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

  /** The DDL that builds what the revisions build, as a user (or an ORM) would write it. */
  private static String matchingDdl(TestDatabase database) {
    return """
        -- the model, exported; a ; in a comment ends nothing
        CREATE TABLE workout (
          id INTEGER PRIMARY KEY NOT NULL,
          athlete TEXT NOT NULL,
          note TEXT DEFAULT 'none'
        );
        CREATE INDEX ix_workout_athlete ON workout (athlete);

        CREATE TABLE athlete (name VARCHAR(40) PRIMARY KEY NOT NULL);
        """;
  }

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

  private static long scratchFiles() throws IOException {
    String prefix = "retort_scratch_" + ProcessHandle.current().pid() + "_";
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().startsWith(prefix)).count();
    }
  }

  /**
   * Compares with the Retort on {@code live}, asserting that {@code live} is unchanged and that
   * no scratch is left.
   */
  private static <T> T leavingNoTrace(
      TestDatabase database, DataSource live, java.util.function.Supplier<T> comparison)
      throws IOException {
    String before = schemaText(live);
    long filesBefore = scratchFiles();
    T result;
    try {
      result = comparison.get();
    } finally {
      assertEquals(before, schemaText(live), "the Retort's own database changed");
      if (database == TestDatabase.POSTGRES) {
        assertEquals(
            List.of("0"),
            query(live, "SELECT COUNT(*) FROM pg_namespace WHERE nspname LIKE 'retort_scratch_%'"));
        assertEquals(List.of("\"$user\", public"), query(live, "SHOW search_path"));
      }
      assertEquals(filesBefore, scratchFiles(), "a scratch file was left behind");
    }
    return result;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ddlFileMatchingTheRevisions_noPendingChanges(TestDatabase database) throws IOException {
    DataSource live = database.create(tempDir);
    Path file = Files.writeString(tempDir.resolve("schema.sql"), matchingDdl(database));

    SchemaComparison comparison =
        leavingNoTrace(database, live, () -> retort(live).compare(TargetSchema.ddl(file)));

    assertFalse(comparison.hasPendingChanges(), comparison::toString);
    assertEquals(
        "no pending changes: the target matches the schema the revisions build at head\n",
        comparison.toString());
    // Both sides really hold the two tables: an empty comparison of two empty schemas is no proof.
    assertEquals(
        List.of("athlete", "workout"),
        comparison.revisions().tables().stream().map(Schema.Table::name).toList());
    assertEquals(comparison.revisions().toText(), comparison.target().toText());
    assertEquals(List.of(), TestDatabase.tables(live), "the live database got tables");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ddlWithDifferences_eachListed(TestDatabase database) throws IOException {
    DataSource live = database.create(tempDir);
    String ddl =
        """
        CREATE TABLE workout (
          id INTEGER PRIMARY KEY NOT NULL,
          athlete TEXT NOT NULL,
          note TEXT DEFAULT 'none',
          mood VARCHAR(20)
        );
        CREATE TABLE athlete (name VARCHAR(40) PRIMARY KEY NOT NULL);
        CREATE TABLE gear (id INTEGER PRIMARY KEY NOT NULL, label TEXT);
        """;

    SchemaComparison comparison =
        leavingNoTrace(database, live, () -> retort(live).compare(TargetSchema.ddl(ddl)));

    assertTrue(comparison.hasPendingChanges());
    assertEquals(
        List.of(
            "table workout: index ix_workout_athlete: only in the revisions ((athlete))",
            "table workout: column mood: only in the target (varchar(20))",
            "table gear: only in the target"),
        comparison.differences());
    assertEquals(
        "pending changes: the target differs from the schema the revisions build at head in 3"
            + " places (the revisions ≠ the target)\n"
            + "  table workout: index ix_workout_athlete: only in the revisions ((athlete))\n"
            + "  table workout: column mood: only in the target (varchar(20))\n"
            + "  table gear: only in the target\n",
        comparison.toString());
  }

  /**
   * A database brought to head by Retort matches: its version and history tables are left out.
   * Changed by hand afterwards, each change is a line.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void databaseTarget_matchesAtHead_thenListsChangesMadeByHand(TestDatabase database)
      throws IOException {
    DataSource live = database.create(tempDir);
    DataSource developer = database.create(tempDir);
    retort(developer).upgrade("head");

    SchemaComparison same =
        leavingNoTrace(database, live, () -> retort(live).compare(TargetSchema.database(developer)));
    assertFalse(same.hasPendingChanges(), same::toString);
    assertEquals(2, same.target().tables().size());

    execute(developer, "ALTER TABLE athlete ADD COLUMN born DATE");
    execute(developer, "DROP INDEX ix_workout_athlete");
    String developerBefore = schemaText(developer);

    SchemaComparison changed =
        leavingNoTrace(database, live, () -> retort(live).compare(TargetSchema.database(developer)));

    assertEquals(
        List.of(
            "table athlete: column born: only in the target (date)",
            "table workout: index ix_workout_athlete: only in the revisions ((athlete))"),
        changed.differences());
    assertEquals(developerBefore, schemaText(developer), "the target database changed");
  }

  /** The Retort's database may be the target itself: at head it has no pending changes. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ownDatabaseAsTarget_atHead_noPendingChanges(TestDatabase database) throws IOException {
    DataSource live = database.create(tempDir);
    retort(live).upgrade("head");

    SchemaComparison comparison =
        leavingNoTrace(database, live, () -> retort(live).compare(TargetSchema.database(live)));

    assertFalse(comparison.hasPendingChanges(), comparison::toString);
    assertEquals(List.of("bb22"), retort(live).current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void badDdlLine_failsNamingFileLineStatementAndDatabaseMessage(TestDatabase database)
      throws IOException {
    DataSource live = database.create(tempDir);
    Path file =
        Files.writeString(
            tempDir.resolve("model.sql"),
            """
            CREATE TABLE athlete (name VARCHAR(40) PRIMARY KEY);
            -- the next statement is misspelt
            CREATE TABEL workout (id INTEGER);
            CREATE TABLE gear (id INTEGER);
            """);

    RetortException failure =
        leavingNoTrace(
            database,
            live,
            () -> assertThrows(RetortException.class, () -> retort(live).compare(TargetSchema.ddl(file))));

    String message = failure.getMessage();
    String dialect = database == TestDatabase.POSTGRES ? "PostgreSQL" : "SQLite";
    assertTrue(
        message.startsWith(
            "the target DDL "
                + file
                + ":3: CREATE TABEL workout (id INTEGER)\n  failed in a scratch "
                + dialect
                + " database: "),
        message);
    assertTrue(message.contains(database == TestDatabase.POSTGRES ? "syntax error" : "syntax error"),
        message);
    assertTrue(
        message.endsWith(
            "\n  the DDL must be written for "
                + dialect
                + ", this Retort's database; fix the statement (or export the DDL for "
                + dialect
                + ") and run the comparison again"),
        message);
  }

  /** DDL for PostgreSQL run for a SQLite Retort (and the reverse) fails at the foreign statement. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ddlOfTheOtherDialect_failsSayingWhichDialectItMustBe(TestDatabase database)
      throws IOException {
    DataSource live = database.create(tempDir);
    String ddl =
        database == TestDatabase.POSTGRES
            ? "CREATE TABLE athlete (id INTEGER PRIMARY KEY AUTOINCREMENT);"
            : "CREATE TABLE athlete (id INTEGER);\nCREATE TYPE mood AS ENUM ('calm', 'tense');";

    RetortException failure =
        leavingNoTrace(
            database,
            live,
            () -> assertThrows(RetortException.class, () -> retort(live).compare(TargetSchema.ddl(ddl))));

    String dialect = database == TestDatabase.POSTGRES ? "PostgreSQL" : "SQLite";
    String line = database == TestDatabase.POSTGRES ? "1" : "2";
    assertTrue(
        failure.getMessage().startsWith("the target DDL, line " + line + ": CREATE T"),
        failure.getMessage());
    assertTrue(
        failure.getMessage().contains("the DDL must be written for " + dialect + ", this Retort's"),
        failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void targetDatabaseOfTheOtherKind_refused(TestDatabase database) throws IOException {
    DataSource live = database.create(tempDir);
    TestDatabase other =
        database == TestDatabase.POSTGRES ? TestDatabase.SQLITE : TestDatabase.POSTGRES;
    DataSource target = other.create(tempDir);
    String targetBefore = schemaText(target);

    RetortException failure =
        leavingNoTrace(
            database,
            live,
            () ->
                assertThrows(
                    RetortException.class,
                    () -> retort(live).compare(TargetSchema.database(target))));

    String wanted = database == TestDatabase.POSTGRES ? "PostgreSQL" : "SQLite";
    String found = database == TestDatabase.POSTGRES ? "SQLite" : "PostgreSQL";
    assertTrue(failure.getMessage().startsWith("the target database jdbc:"), failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                " is "
                    + found
                    + ", but this Retort migrates "
                    + wanted
                    + "; schemas of two kinds of database always differ, so compare with a "
                    + wanted
                    + " target"),
        failure.getMessage());
    assertEquals(targetBefore, schemaText(target));
  }

  @Test
  void missingDdlFile_failsNamingIt() {
    Path missing = tempDir.resolve("nowhere.sql");
    Retort retort = Retort.configure().dialect(Dialect.sqlite()).registry(REGISTRY).load();

    RetortException failure =
        assertThrows(RetortException.class, () -> retort.compare(TargetSchema.ddl(missing)));

    assertEquals(
        "the target DDL file "
            + missing
            + " does not exist; export the schema first (see the README's JPA workflow) or fix the"
            + " path",
        failure.getMessage());
  }

  /** On SQLite a comparison needs no database at all: the dialect is enough. */
  @Test
  void sqliteWithoutDataSource_comparesWithDdl() {
    Retort retort = Retort.configure().dialect(Dialect.sqlite()).registry(REGISTRY).load();

    SchemaComparison comparison = retort.compare(TargetSchema.ddl(matchingDdl(TestDatabase.SQLITE)));

    assertFalse(comparison.hasPendingChanges(), comparison::toString);
    assertEquals(2, comparison.target().tables().size());
  }
}
