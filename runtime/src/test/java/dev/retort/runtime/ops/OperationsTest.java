package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.columns;
import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The typed operations on both databases, checked by introspecting the resulting schema. */
class OperationsTest {
  @TempDir Path tempDir;

  private static Retort retort(DataSource dataSource, TestRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  /** One revision doing {@code up} and {@code down}. */
  private static TestRegistry one(Consumer<Operations> up, Consumer<Operations> down) {
    return TestRegistry.builder()
        .revision("aa11", List.of(), new TestRegistry.Ops(up, down), true)
        .build();
  }

  private static final Table ATHLETE =
      Table.named("athlete")
          .column(Column.of("id", ColumnType.bigint()).identity())
          .column(Column.of("name", ColumnType.varchar(100)).notNull())
          .column(Column.of("email", ColumnType.varchar(200)).unique())
          .column(
              Column.of("active", ColumnType.bool())
                  .notNull()
                  .serverDefault(ServerDefault.value(true)))
          .column(
              Column.of("motto", ColumnType.text())
                  .serverDefault(ServerDefault.value("it's fine"))
                  .comment("what they say"))
          .column(
              Column.of("joined_at", ColumnType.timestampWithTimeZone())
                  .notNull()
                  .serverDefault(ServerDefault.currentTimestamp()))
          .comment("people who train");

  private static final Table WORKOUT =
      Table.named("workout")
          .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
          .column(Column.of("seq", ColumnType.integer()).notNull())
          .column(Column.of("seconds", ColumnType.integer()).notNull())
          .column(Column.of("distance_km", ColumnType.numeric(7, 3)))
          .column(Column.of("started_at", ColumnType.timestamp()).notNull())
          .column(Column.of("day", ColumnType.date()))
          .column(Column.of("at", ColumnType.time()))
          .column(Column.of("pace", ColumnType.real()))
          .column(Column.of("score", ColumnType.doublePrecision()))
          .column(Column.of("ref", ColumnType.uuid()))
          .column(Column.of("extra", ColumnType.json()))
          .column(Column.of("track", ColumnType.bytes()))
          .column(Column.of("laps", ColumnType.smallint()).serverDefault(ServerDefault.value(1)))
          .column(
              Column.of(
                  "kind", ColumnType.enumeration("workout_kind", List.of("run", "ride", "swim"))))
          .primaryKey("athlete_id", "seq")
          .foreignKey(
              ForeignKey.from("athlete_id")
                  .references("athlete", "id")
                  .onDelete(ReferentialAction.CASCADE)
                  .named("fk_workout_athlete"))
          .unique("uq_workout_started", "athlete_id", "started_at")
          .check("ck_workout_seconds", "seconds > 0");

  private static List<String> primaryKey(DataSource dataSource, String table) {
    List<String> key = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.getMetaData().getPrimaryKeys(null, null, table)) {
      while (rows.next()) {
        key.add(rows.getShort("KEY_SEQ") + ":" + rows.getString("COLUMN_NAME"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    key.sort(null);
    return key;
  }

  private static void assertFails(DataSource dataSource, String sql) {
    assertThrows(IllegalStateException.class, () -> execute(dataSource, sql), sql);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void createTable_everyTypeAndConstraint_isEnforcedByTheDatabase(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    if (db == TestDatabase.SQLITE) {
      execute(dataSource, "PRAGMA foreign_keys = ON"); // per connection; see the cascade below
    }
    Retort retort =
        retort(
            dataSource,
            one(
                op -> {
                  op.createTable(ATHLETE);
                  op.createTable(WORKOUT);
                },
                op -> {
                  op.dropTable("workout");
                  op.dropTable("athlete");
                }));

    retort.upgrade("head");

    assertEquals(
        List.of(
            "id not null",
            "name not null",
            "email",
            "active not null",
            "motto",
            "joined_at not null"),
        columns(dataSource, "athlete"));
    assertEquals(List.of("1:athlete_id", "2:seq"), primaryKey(dataSource, "workout"));
    // Identity and server defaults fill what an insert leaves out.
    execute(dataSource, "INSERT INTO athlete (name) VALUES ('Ada')");
    assertEquals(
        List.of("1|it's fine"),
        query(dataSource, "SELECT id || '|' || motto FROM athlete WHERE active"));
    assertEquals(1, query(dataSource, "SELECT joined_at FROM athlete").size());
    execute(
        dataSource,
        "INSERT INTO workout (athlete_id, seq, seconds, started_at, kind)"
            + " VALUES (1, 1, 60, '2026-11-23 07:30:00', 'run')");
    assertEquals(List.of("1"), query(dataSource, "SELECT laps FROM workout"));
    // Constraints hold: check, unique, enum, foreign key, not null.
    assertFails(
        dataSource,
        "INSERT INTO workout (athlete_id, seq, seconds, started_at) VALUES (1, 2, 0,"
            + " '2026-11-23')");
    assertFails(
        dataSource,
        "INSERT INTO workout (athlete_id, seq, seconds, started_at)"
            + " VALUES (1, 3, 5, '2026-11-23 07:30:00')");
    assertFails(
        dataSource,
        "INSERT INTO workout (athlete_id, seq, seconds, started_at, kind)"
            + " VALUES (1, 4, 5, '2026-11-24', 'walk')");
    assertFails(dataSource, "INSERT INTO athlete (email) VALUES ('x@example.com')");
    assertFails(dataSource, "INSERT INTO athlete (name, email) VALUES ('A', 'a'), ('B', 'a')");
    if (db == TestDatabase.POSTGRES) {
      assertFails(
          dataSource,
          "INSERT INTO workout (athlete_id, seq, seconds, started_at) VALUES (99, 1, 5, now())");
      assertEquals(
          List.of("people who train"),
          query(dataSource, "SELECT obj_description('athlete'::regclass, 'pg_class')"));
      assertEquals(
          List.of("what they say"),
          query(dataSource, "SELECT col_description('athlete'::regclass, 5)"));
      assertEquals(
          List.of("run", "ride", "swim"),
          query(dataSource, "SELECT unnest(enum_range(NULL::workout_kind))::text"));
      execute(dataSource, "DELETE FROM athlete");
      assertEquals(List.of("0"), query(dataSource, "SELECT count(*) FROM workout"));
    } else {
      assertTrue(
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'workout'")
              .get(0)
              .contains("CONSTRAINT \"workout_kind\" CHECK (\"kind\" IN ('run', 'ride', 'swim'))"));
    }

    retort.downgrade("base");

    assertEquals(List.of("retort_history", "retort_version"), tables(dataSource));
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of(),
          query(dataSource, "SELECT typname FROM pg_type WHERE typname = 'workout_kind'"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void enumType_livesAsLongAsAColumnUsesIt(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    ColumnType level = ColumnType.enumeration("effort_level", List.of("easy", "hard"));
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "aa11",
                List.of(),
                new TestRegistry.Ops(
                    op -> op.createTable(Table.named("plan").column(Column.of("level", level))),
                    op -> op.dropTable("plan")),
                true)
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Ops(
                    op -> op.addColumn("plan_log", Column.of("level", level)),
                    op -> op.dropColumn("plan_log", "level")),
                true)
            .build();
    execute(dataSource, "CREATE TABLE plan_log (id INTEGER)");
    Retort retort = retort(dataSource, registry);
    String types = "SELECT typname FROM pg_type WHERE typname = 'effort_level'";

    retort.upgrade("head");
    assertFails(dataSource, "INSERT INTO plan_log (id, level) VALUES (1, 'medium')");
    execute(dataSource, "INSERT INTO plan_log (id, level) VALUES (1, 'hard')");

    retort.downgrade("-1");
    if (db == TestDatabase.POSTGRES) {
      assertEquals(List.of("effort_level"), query(dataSource, types)); // plan still uses it
    }
    retort.downgrade("base");
    if (db == TestDatabase.POSTGRES) {
      assertEquals(List.of(), query(dataSource, types));
    }
    assertEquals(List.of("id"), columns(dataSource, "plan_log"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void columnsAndIndexes_addRenameDrop_andIfExistsVariants(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            one(
                op -> {
                  op.createTableIfNotExists(
                      Table.named("person")
                          .column(Column.of("id", ColumnType.integer()).primaryKey())
                          .column(Column.of("name", ColumnType.varchar(50)).notNull()));
                  op.createTableIfNotExists( // already there: no error, no change
                      Table.named("person").column(Column.of("other", ColumnType.text())));
                  op.addColumn("person", Column.of("nick", ColumnType.varchar(20)));
                  op.addColumn(
                      "person",
                      Column.of("score", ColumnType.integer())
                          .notNull()
                          .serverDefault(ServerDefault.value(0)));
                  op.renameColumn("person", "nick", "nickname");
                  op.createIndex(Index.named("ix_person_name").on("person", "name"));
                  op.createIndexIfNotExists(Index.named("ix_person_name").on("person", "name"));
                  op.createIndex(
                      Index.named("uq_person_nickname")
                          .on("person", "nickname")
                          .unique()
                          .where("nickname IS NOT NULL"));
                  op.createIndex(
                      Index.named("ix_person_lower_name").onExpressions("person", "lower(name)"));
                  op.renameTable("person", "people");
                },
                op -> {
                  op.dropIndex("ix_person_lower_name");
                  op.dropIndexIfExists("uq_person_nickname");
                  op.dropIndexIfExists("no_such_index");
                  op.dropIndex("ix_person_name");
                  op.dropColumn("people", "score");
                  op.dropTable("people");
                  op.dropTableIfExists("people");
                }));

    retort.upgrade("head");

    assertEquals(
        List.of("id not null", "name not null", "nickname", "score not null"),
        columns(dataSource, "people"));
    execute(dataSource, "INSERT INTO people (id, name, nickname) VALUES (1, 'A', NULL)");
    execute(dataSource, "INSERT INTO people (id, name, nickname) VALUES (2, 'B', NULL)");
    execute(dataSource, "INSERT INTO people (id, name, nickname) VALUES (3, 'C', 'c')");
    assertFails(dataSource, "INSERT INTO people (id, name, nickname) VALUES (4, 'D', 'c')");
    assertEquals(List.of("0", "0", "0"), query(dataSource, "SELECT score FROM people"));
    String indexSql =
        db == TestDatabase.POSTGRES
            ? "SELECT indexname FROM pg_indexes WHERE tablename = 'people' ORDER BY indexname"
            : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'people'"
                + " AND sql IS NOT NULL ORDER BY name";
    List<String> indexes = query(dataSource, indexSql);
    assertTrue(
        indexes.containsAll(
            List.of("ix_person_lower_name", "ix_person_name", "uq_person_nickname")),
        indexes.toString());

    retort.downgrade("base");
    assertFalse(tables(dataSource).contains("people"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void hostileNames_areQuoted_andCannotInjectSql(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    execute(dataSource, "CREATE TABLE victim (id INTEGER)");
    String table = "x\"; DROP TABLE victim; --";
    Retort retort =
        retort(
            dataSource,
            one(
                op ->
                    op.createTable(
                        Table.named(table)
                            .column(Column.of("select", ColumnType.integer()))
                            .column(Column.of("Mixed Case", ColumnType.text()))
                            .column(Column.of("it's", ColumnType.text()))),
                op -> op.dropTable(table)));

    retort.upgrade("head");

    assertTrue(tables(dataSource).contains("victim"));
    assertTrue(tables(dataSource).contains(table), tables(dataSource).toString());
    assertEquals(
        List.of("select", "Mixed Case", "it's"), columns(dataSource, table).stream().toList());
    retort.downgrade("base");
    assertFalse(tables(dataSource).contains(table));
    assertTrue(tables(dataSource).contains("victim"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void addColumnThatSqliteCannotAdd_isRefusedOnSqlite_andWorksOnPostgres(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    execute(dataSource, "CREATE TABLE t (id INTEGER)");
    Retort retort =
        retort(
            dataSource,
            one(
                op -> op.addColumn("t", Column.of("code", ColumnType.varchar(5)).notNull()),
                op -> op.dropColumn("t", "code")));

    if (db == TestDatabase.POSTGRES) {
      retort.upgrade("head");
      assertEquals(List.of("id", "code not null"), columns(dataSource, "t"));
      return;
    }
    RevisionFailedException refused =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    assertTrue(
        refused
            .getMessage()
            .contains(
                "SQLite cannot add a NOT NULL column without a constant server default (code) to an"
                    + " existing table with ALTER TABLE; use op.batchAlterTable(\"t\", batch ->"
                    + " batch.addColumn(...)), which rebuilds the table"),
        refused.getMessage());
    assertEquals(List.of("id"), columns(dataSource, "t"));
  }
}
