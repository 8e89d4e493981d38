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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Generated columns, stored on both databases and virtual where the database has them. */
class GeneratedColumnTest {
  @TempDir Path tempDir;

  private static Retort retort(DataSource dataSource, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  /** What every SQLite batch must leave: a sound file, no orphans, no temporary table. */
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

  private static Table lap() {
    return Table.named("lap")
        .column(Column.of("id", ColumnType.integer()).primaryKey())
        .column(Column.of("seconds", ColumnType.integer()).notNull())
        .column(Column.of("meters", ColumnType.integer()).notNull());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void storedGeneratedColumn_isComputedOnBothDatabases_inCreateTableAndInABatch(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            op -> {
              op.createTable(
                  lap()
                      .column(
                          Column.of("pace", ColumnType.integer())
                              .generatedStored("seconds * 1000 / meters")));
              op.execute("INSERT INTO lap (id, seconds, meters) VALUES (1, 300, 1000)");
              op.batchAlterTable(
                  "lap",
                  batch ->
                      batch.addColumn(
                          Column.of("double_meters", ColumnType.integer())
                              .generatedStored("meters * 2")));
            })
        .upgrade("head");

    execute(dataSource, "INSERT INTO lap (id, seconds, meters) VALUES (2, 200, 500)");
    assertEquals(
        List.of("1 300 2000", "2 400 1000"),
        query(dataSource, "SELECT id || ' ' || pace || ' ' || double_meters FROM lap ORDER BY id"));
    assertThrows(
        IllegalStateException.class,
        () ->
            execute(dataSource, "INSERT INTO lap (id, seconds, meters, pace) VALUES (3, 1, 1, 1)"));
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void virtualGeneratedColumn_onSqlite_andRefusedNamingTheColumnOnPostgresBefore18(
      TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.createTable(
                  lap()
                      .column(
                          Column.of("km", ColumnType.real()).generatedVirtual("meters / 1000.0")));
              op.addColumn(
                  "lap",
                  Column.of("minutes", ColumnType.real()).generatedVirtual("seconds / 60.0"));
              op.execute("INSERT INTO lap (id, seconds, meters) VALUES (1, 300, 1500)");
            });

    if (db == TestDatabase.POSTGRES) {
      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
      assertTrue(
          failed
              .getMessage()
              .contains(
                  "PostgreSQL before 18 has no virtual generated columns, and column km is one;"
                      + " declare it with generatedStored(...)"),
          failed.getMessage());
      return;
    }
    retort.upgrade("head");
    assertEquals(List.of("1.5 5.0"), query(dataSource, "SELECT km || ' ' || minutes FROM lap"));
  }

  @Test
  void sqlite_addColumnOfAStoredGeneratedColumn_isRefusedWithTheBatchForm() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.createTable(lap());
              op.addColumn(
                  "lap", Column.of("pace", ColumnType.integer()).generatedStored("seconds / 2"));
            });

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "SQLite cannot add a STORED generated column (pace) to an existing table with"
                    + " ALTER TABLE; use op.batchAlterTable(\"lap\", batch ->"
                    + " batch.addColumn(...))"),
        failed.getMessage());
  }

  @Test
  void generated_cannotAlsoBeAKeyOrHaveADefault() {
    Column plain = Column.of("x", ColumnType.integer());
    assertThrows(IllegalArgumentException.class, () -> plain.generatedStored("1").primaryKey());
    assertThrows(
        IllegalArgumentException.class,
        () -> plain.serverDefault(ServerDefault.value(1)).generatedStored("1"));
  }
}
