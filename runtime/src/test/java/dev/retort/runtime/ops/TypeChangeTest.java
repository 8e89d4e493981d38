package dev.retort.runtime.ops;

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

/**
 * A column's type change converts its values by one documented rule per database (see {@link
 * ColumnChange#type}), or by the user's {@link ColumnChange#using} expression on both.
 */
class TypeChangeTest {
  @TempDir Path tempDir;

  private static Retort retort(DataSource dataSource, List<String> setup, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Sql(setup, List.of()), true)
                .revision("bb22", List.of("aa11"), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  private static final String ITEMS =
      "CREATE TABLE item (id INTEGER PRIMARY KEY, code VARCHAR(10))";

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

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void textToInteger_valuesThatConvert_becomeNumbers(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            List.of(ITEMS, "INSERT INTO item VALUES (1, '42'), (2, '007'), (3, NULL)"),
            op ->
                op.batchAlterTable(
                    "item",
                    batch ->
                        batch.alterColumn("code", ColumnChange.of().type(ColumnType.integer()))));

    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    // Numbers now: 007 + 1 is 8, and they sort as numbers.
    assertEquals(
        List.of("8", "43"),
        query(dataSource, "SELECT code + 1 FROM item WHERE code IS NOT NULL ORDER BY code"));
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          List.of("integer", "integer", "null"),
          query(dataSource, "SELECT typeof(code) FROM item ORDER BY id"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void textToInteger_aValueThatDoesNotConvert_failsNamingIt_andChangesNothing(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            List.of(ITEMS, "INSERT INTO item VALUES (1, '42'), (2, 'abc')"),
            op ->
                op.batchAlterTable(
                    "item",
                    batch ->
                        batch.alterColumn("code", ColumnChange.of().type(ColumnType.integer()))));
    retort.upgrade("aa11");

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertEquals(List.of("aa11"), retort.current().revisions());
    assertEquals(List.of("42", "abc"), query(dataSource, "SELECT code FROM item ORDER BY id"));
    String expected =
        db == TestDatabase.SQLITE
            ? "cannot change the type of column code of item from VARCHAR(10) to INTEGER: the"
                + " affinity changes from TEXT to INTEGER, and SQLite's CAST would change this"
                + " value:\n    'abc' -> 0\n  fix those rows first, or give the conversion with"
                + " ColumnChange.of().type(...).using(\"expression\"); using(\"code\") copies the"
                + " values as they are"
            : "cannot change the type of column code of item to INTEGER with USING"
                + " \"code\"::INTEGER: ERROR: invalid input syntax for type integer: \"abc\"; fix"
                + " those rows first, or give the conversion with"
                + " ColumnChange.of().type(...).using(\"expression\")";
    assertTrue(failed.getMessage().contains(expected), failed.getMessage());
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void using_convertsWithTheUsersExpression_onBothDatabases(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            List.of(ITEMS, "INSERT INTO item VALUES (1, '42'), (2, 'abc')"),
            op ->
                op.batchAlterTable(
                    "item",
                    batch ->
                        batch.alterColumn(
                            "code",
                            ColumnChange.of()
                                .type(ColumnType.integer())
                                .using("CASE WHEN code = 'abc' THEN -1 ELSE length(code) END"))));

    retort.upgrade("head");

    assertEquals(List.of("2", "-1"), query(dataSource, "SELECT code FROM item ORDER BY id"));
    assertEquals(List.of("2"), query(dataSource, "SELECT code + 3 FROM item WHERE id = 2"));
    assertSound(db, dataSource);
  }

  @Test
  void sqlite_sameAffinity_copiesUnchanged_andADateIntoNumericAffinity_isRefusedUnlessUsing() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    String date = "2012-05-18 15:32:05";
    Retort retort =
        retort(
            dataSource,
            List.of(
                "CREATE TABLE event (id INTEGER PRIMARY KEY, at DATETIME, label VARCHAR(5),"
                    + " noted TEXT)",
                "INSERT INTO event VALUES (1, '" + date + "', '007', '" + date + "')"),
            op ->
                op.batchAlterTable(
                    "event",
                    batch -> {
                      // NUMERIC to NUMERIC and TEXT to TEXT: no CAST, nothing lost.
                      batch.alterColumn(
                          "at", ColumnChange.of().type(ColumnType.named("TIMESTAMP")));
                      batch.alterColumn("label", ColumnChange.of().type(ColumnType.text()));
                      batch.alterColumn(
                          "noted",
                          ColumnChange.of().type(ColumnType.named("DATETIME")).using("noted"));
                    }));

    retort.upgrade("head");

    assertEquals(
        List.of(date + "|007|" + date),
        query(dataSource, "SELECT at || '|' || label || '|' || noted FROM event"));
    assertEquals(
        List.of("TIMESTAMP", "TEXT", "DATETIME"),
        query(dataSource, "SELECT type FROM pragma_table_info('event') WHERE name <> 'id'"));
    assertSound(TestDatabase.SQLITE, dataSource);

    DataSource other = TestDatabase.SQLITE.create(tempDir);
    Retort refused =
        retort(
            other,
            List.of(
                "CREATE TABLE event (id INTEGER PRIMARY KEY, noted TEXT)",
                "INSERT INTO event VALUES (1, '" + date + "')"),
            op ->
                op.batchAlterTable(
                    "event",
                    batch ->
                        batch.alterColumn(
                            "noted", ColumnChange.of().type(ColumnType.named("DATETIME")))));
    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> refused.upgrade("head"));
    assertTrue(failed.getMessage().contains("'" + date + "' -> 2012"), failed.getMessage());
    assertEquals(List.of(date), query(other, "SELECT noted FROM event"));
  }

  @Test
  void using_withoutAType_isRefused() {
    assertThrows(IllegalStateException.class, () -> ColumnChange.of().using("x"));
  }
}
