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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * alterColumn and constraints outside a batch: plain ALTERs on PostgreSQL, native or refused on
 * SQLite.
 */
class AlterOperationsTest {
  @TempDir Path tempDir;

  private static Retort retort(
      DataSource dataSource, Consumer<Operations> up, Consumer<Operations> down) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Ops(up, down), true)
                .build())
        .load();
  }

  private static void assertFails(DataSource dataSource, String sql) {
    assertThrows(IllegalStateException.class, () -> execute(dataSource, sql), sql);
  }

  @Test
  void postgres_alterColumn_everyProperty_andBack() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    execute(dataSource, "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT, n TEXT)");
    execute(dataSource, "INSERT INTO t VALUES (1, 'a', '42')");
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.alterColumn("t", "n", ColumnChange.of().type(ColumnType.integer()).notNull());
              op.alterColumn(
                  "t",
                  "code",
                  ColumnChange.of()
                      .type(ColumnType.varchar(8))
                      .serverDefault(ServerDefault.value("x"))
                      .renameTo("label")
                      .comment("a short label"));
              op.createUniqueConstraint("uq_t_label", "t", "label");
              op.createCheckConstraint("ck_t_n", "t", "n > 0");
              op.createTable(
                  Table.named("child").column(Column.of("t_id", ColumnType.integer()).notNull()));
              op.createForeignKey(
                  "child",
                  ForeignKey.from("t_id")
                      .references("t", "id")
                      .onDelete(ReferentialAction.CASCADE)
                      .named("fk_child_t"));
            },
            op -> {
              op.dropTable("child");
              op.dropConstraint("t", "ck_t_n");
              op.dropConstraint("t", "uq_t_label");
              op.alterColumn(
                  "t",
                  "label",
                  ColumnChange.of().type(ColumnType.text()).dropServerDefault().renameTo("code"));
              op.alterColumn("t", "n", ColumnChange.of().type(ColumnType.text()).nullable());
            });

    retort.upgrade("head");

    assertEquals(
        List.of(
            "id integer NO", "label character varying YES 'x'::character varying", "n integer NO"),
        query(
            dataSource,
            "SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                + " || COALESCE(' ' || column_default, '') FROM information_schema.columns"
                + " WHERE table_name = 't' ORDER BY column_name"));
    assertEquals(List.of("42"), query(dataSource, "SELECT n FROM t"));
    assertEquals(
        List.of("a short label"), query(dataSource, "SELECT col_description('t'::regclass, 2)"));
    assertFails(dataSource, "INSERT INTO t (id, label, n) VALUES (2, 'a', 1)");
    assertFails(dataSource, "INSERT INTO t (id, label, n) VALUES (3, 'b', 0)");
    execute(dataSource, "INSERT INTO child VALUES (1)");
    execute(dataSource, "DELETE FROM t");
    assertEquals(List.of("0"), query(dataSource, "SELECT count(*) FROM child"));
    execute(dataSource, "INSERT INTO t (id, label, n) VALUES (1, 'a', 42)");

    retort.downgrade("base");

    assertEquals(
        List.of("code text YES", "id integer NO", "n text YES"),
        query(
            dataSource,
            "SELECT column_name || ' ' || data_type || ' ' || is_nullable"
                + " || COALESCE(' ' || column_default, '') FROM information_schema.columns"
                + " WHERE table_name = 't' ORDER BY column_name"));
    assertEquals(List.of("42"), query(dataSource, "SELECT n FROM t"));
  }

  @Test
  void sqlite_nativeAlters_renameNullabilityAndChecks_work() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    execute(dataSource, "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT, n INTEGER)");
    execute(dataSource, "INSERT INTO t VALUES (1, 'a', 42)");
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.alterColumn("t", "code", ColumnChange.of().renameTo("label"));
              op.alterColumn("t", "n", ColumnChange.of().notNull());
              op.createCheckConstraint("ck_t_n", "t", "n > 0");
            },
            op -> {
              op.dropConstraint("t", "ck_t_n");
              op.alterColumn("t", "n", ColumnChange.of().nullable());
              op.alterColumn("t", "label", ColumnChange.of().renameTo("code"));
            });

    retort.upgrade("head");

    assertEquals(List.of("a"), query(dataSource, "SELECT label FROM t"));
    assertFails(dataSource, "INSERT INTO t (id, label, n) VALUES (2, 'b', NULL)");
    assertFails(dataSource, "INSERT INTO t (id, label, n) VALUES (3, 'c', 0)");

    retort.downgrade("base");

    execute(dataSource, "INSERT INTO t (id, code, n) VALUES (4, 'd', NULL)");
    execute(dataSource, "INSERT INTO t (id, code, n) VALUES (5, 'e', 0)");
    assertEquals(List.of("5"), query(dataSource, "SELECT count(*) + 2 FROM t"));
  }

  @Test
  void sqlite_altersItCannotDo_areRefusedWithTheBatchForm_andChangeNothing() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    execute(dataSource, "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT)");
    record Case(Consumer<Operations> up, String message) {}
    List<Case> cases =
        List.of(
            new Case(
                op -> op.alterColumn("t", "code", ColumnChange.of().type(ColumnType.varchar(8))),
                "SQLite cannot alter column code of t with ALTER TABLE (it changes only a name"
                    + " natively, and nullability alone from 3.53); use"
                    + " op.batchAlterTable(\"t\", batch -> batch.alterColumn(\"code\", ...)), which"
                    + " rebuilds the table"),
            new Case(
                op -> op.createUniqueConstraint("uq_t_code", "t", "code"),
                "SQLite cannot add constraint uq_t_code to the existing table t with ALTER TABLE;"
                    + " use op.batchAlterTable(\"t\", batch ->"
                    + " batch.createUniqueConstraint(\"uq_t_code\", ...)), which rebuilds the"
                    + " table"),
            new Case(
                op ->
                    op.createForeignKey(
                        "t", ForeignKey.from("code").references("t", "id").named("fk_t_self")),
                "SQLite cannot add constraint fk_t_self to the existing table t with ALTER TABLE;"
                    + " use op.batchAlterTable(\"t\", batch -> batch.createForeignKey(...)), which"
                    + " rebuilds the table"));
    for (Case c : cases) {
      RevisionFailedException refused =
          assertThrows(
              RevisionFailedException.class,
              () -> retort(dataSource, c.up(), op -> {}).upgrade("head"));
      assertTrue(refused.getMessage().contains(c.message()), refused.getMessage());
      assertEquals(
          List.of("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT)"),
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 't'"));
    }
  }

  @Test
  void sqlite_rawAltersItCannotRun_failWithTheBatchForm_andChangeNothing() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    execute(dataSource, "CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT)");
    execute(dataSource, "INSERT INTO t (code) VALUES ('a')");
    String alterTable =
        "SQLite's ALTER TABLE only renames a table, renames, adds and drops a column, and from 3.53"
            + " adds and drops CHECK constraints and changes NOT NULL; make other changes (a"
            + " column's type or default, UNIQUE and foreign-key constraints) with"
            + " op.batchAlterTable(\"t\", batch -> ...), which rebuilds the table\n"
            + "  fix the revision, then run upgrade again";
    String addColumn =
        "SQLite's ADD COLUMN cannot add a primary-key or UNIQUE column, nor, to a table that has"
            + " rows, a NOT NULL column without a non-null constant default or a column whose"
            + " default is not a constant; use op.batchAlterTable(\"t\", batch ->"
            + " batch.addColumn(...)), which rebuilds the table\n"
            + "  fix the revision, then run upgrade again";
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("ALTER TABLE t ALTER COLUMN code TYPE VARCHAR(8)", alterTable);
    cases.put("alter table main.\"t\" add constraint uq_t_code unique (code)", alterTable);
    cases.put("ALTER TABLE t ADD COLUMN n INTEGER NOT NULL", addColumn);
    cases.put("ALTER TABLE t ADD COLUMN created TEXT DEFAULT CURRENT_TIMESTAMP", addColumn);
    cases.forEach(
        (sql, hint) -> {
          RevisionFailedException refused =
              assertThrows(
                  RevisionFailedException.class,
                  () -> retort(dataSource, op -> op.execute(sql), op -> {}).upgrade("head"));
          assertTrue(refused.getMessage().endsWith(hint), refused.getMessage());
          assertEquals(
              List.of("CREATE TABLE t (id INTEGER PRIMARY KEY, code TEXT)"),
              query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 't'"));
        });

    // A failure that is about the schema, not the form, keeps the plain advice.
    RevisionFailedException missing =
        assertThrows(
            RevisionFailedException.class,
            () ->
                retort(dataSource, op -> op.execute("ALTER TABLE nope ADD COLUMN x TEXT"), op -> {})
                    .upgrade("head"));
    assertTrue(
        missing
            .getMessage()
            .endsWith("(no such table: nope)\n  fix the revision, then run upgrade again"),
        missing.getMessage());
  }
}
