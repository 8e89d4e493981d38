package dev.retort.runtime.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link SchemaMarks}: a comparison with a mark is empty for an unchanged schema and names every
 * change, the marked schema is the one that was there, and the bookkeeping tables are left out.
 */
class SchemaMarksTest {
  private static final List<String> BOOKKEEPING = List.of("retort_version", "retort_history");

  @TempDir Path tempDir;

  private static void run(Connection connection, String... statements) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void compare_emptyWhileUnchanged_namesEachChange_andForgivesBookkeeping(TestDatabase db)
      throws Exception {
    try (Connection connection = db.create(tempDir).getConnection();
        SchemaMarks marks = SchemaMarks.on(connection, BOOKKEEPING)) {
      run(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER UNIQUE)");
      marks.mark("t");
      assertTrue(marks.compare("t", "before", "after").isEmpty());

      run(
          connection,
          "CREATE TABLE retort_version (version_num VARCHAR(32))",
          "CREATE INDEX ix_retort ON retort_version (version_num)");
      assertTrue(marks.compare("t", "before", "after").isEmpty(), "bookkeeping is left out");

      run(connection, "CREATE INDEX ix_t_x ON t (x)");
      assertEquals(
          List.of("table t: index ix_t_x: only in after ((x))"),
          marks.compare("t", "before", "after").differences());
      run(connection, "DROP INDEX ix_t_x");
      assertTrue(marks.compare("t", "before", "after").isEmpty());

      run(connection, "CREATE VIEW v AS SELECT x FROM t");
      List<String> view = marks.compare("t", "before", "after").differences();
      assertEquals(1, view.size(), view.toString());
      assertTrue(view.get(0).startsWith("view v: only in after ("), view.get(0));
      run(connection, "DROP VIEW v", "ALTER TABLE t ADD COLUMN y TEXT");
      assertEquals(
          List.of("table t: column y: only in after (text)"),
          marks.compare("t", "before", "after").differences());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void marked_isTheSchemaThatWasThere_afterTheDatabaseMovedOn(TestDatabase db) throws Exception {
    try (Connection connection = db.create(tempDir).getConnection();
        SchemaMarks marks = SchemaMarks.on(connection, BOOKKEEPING)) {
      run(
          connection,
          // A character outside the BMP: SQLite counts it as one, Java as two.
          "CREATE TABLE a (id INTEGER PRIMARY KEY, label VARCHAR(20) NOT NULL DEFAULT '\uD83D\uDE00 x')",
          "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a (id) ON DELETE"
              + " CASCADE, n INTEGER CHECK (n > 0))",
          "CREATE INDEX ix_b_n ON b (n) WHERE n > 1",
          "CREATE VIEW big_b AS SELECT id FROM b WHERE n > 10");
      Schema then = Schema.read(connection, BOOKKEEPING);
      marks.mark("then");
      marks.copy("then", "copy");
      run(connection, "DROP VIEW big_b", "DROP TABLE b", "CREATE TABLE c (id INTEGER)");

      assertEquals(then, marks.marked("then"));
      assertEquals(then, marks.marked("copy"));
      assertThrows(IllegalArgumentException.class, () -> marks.copy("never", "other"));
      assertThrows(IllegalArgumentException.class, () -> marks.marked("never"));
      List<String> differences = marks.compare("then", "then", "now").differences();
      assertEquals(3, differences.size(), differences.toString());
      assertEquals("table b: only in then", differences.get(0));
      assertTrue(differences.get(1).startsWith("view big_b: only in then ("), differences.get(1));
      assertEquals("table c: only in now", differences.get(2));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void sameSchemaSpelledOtherwise_isNoDifference_andTheMarkFollowsIt(TestDatabase db)
      throws Exception {
    try (Connection connection = db.create(tempDir).getConnection();
        SchemaMarks marks = SchemaMarks.on(connection, BOOKKEEPING)) {
      run(connection, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(10))");
      marks.mark("t");
      run(connection, "DROP TABLE t", "create   table t (id integer primary key,  name varchar(10))");
      assertTrue(marks.compare("t", "before", "after").isEmpty());
      assertEquals(Schema.read(connection, BOOKKEEPING), marks.marked("t"));
    }
  }

  @org.junit.jupiter.api.Test
  void sqlite_marksLiveInAnAttachedMemoryDatabase_notInTheSchema_andGoOnClose() throws Exception {
    try (Connection connection = TestDatabase.SQLITE.create(tempDir).getConnection()) {
      SchemaMarks marks = SchemaMarks.on(connection, BOOKKEEPING);
      marks.mark("empty");
      assertTrue(Schema.read(connection, BOOKKEEPING).isEmpty());
      assertTrue(marks.compare("empty", "before", "after").isEmpty());
      assertEquals(List.of("main", "retort_schema_marks"), databases(connection));
      marks.close();
      assertEquals(List.of("main"), databases(connection));
    }
  }

  private static List<String> databases(Connection connection) throws SQLException {
    List<String> names = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement();
        var rows = statement.executeQuery("PRAGMA database_list")) {
      while (rows.next()) {
        names.add(rows.getString(2));
      }
    }
    return names;
  }

  @org.junit.jupiter.api.Test
  void sqlite_virtualTableAndTrigger_rebuildFromTheMark() throws Exception {
    try (Connection connection = TestDatabase.SQLITE.create(tempDir).getConnection();
        SchemaMarks marks = SchemaMarks.on(connection, BOOKKEEPING)) {
      run(
          connection,
          "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)",
          "CREATE VIRTUAL TABLE note_fts USING fts5(body)",
          "CREATE TRIGGER note_ai AFTER INSERT ON note BEGIN"
              + " INSERT INTO note_fts (rowid, body) VALUES (new.id, new.body); END");
      Schema then = Schema.read(connection, BOOKKEEPING);
      marks.mark("then");
      run(connection, "DROP TRIGGER note_ai", "DROP TABLE note_fts");
      assertEquals(then, marks.marked("then"));
    }
  }
}
