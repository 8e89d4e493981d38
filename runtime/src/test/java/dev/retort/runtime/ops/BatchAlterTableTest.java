package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.columns;
import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.LogRecorder;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@code op.batchAlterTable}: on SQLite a table rebuild, on PostgreSQL plain ALTERs. Each test runs
 * a setup revision (aa11), then a batch revision (bb22), through the real runner, and checks the
 * schema by introspection and the rows by value.
 */
class BatchAlterTableTest {
  @TempDir Path tempDir;

  private static final String USERS =
      "CREATE TABLE users (id INTEGER PRIMARY KEY NOT NULL, email VARCHAR(200), name VARCHAR(50),"
          + " age INTEGER)";

  private static Retort retort(DataSource dataSource, TestRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  /** aa11 runs {@code setup} statements; bb22 runs the batch {@code up} and {@code down}. */
  private static TestRegistry registry(
      List<String> setup, Consumer<Operations> up, Consumer<Operations> down) {
    return TestRegistry.builder()
        .revision("aa11", List.of(), new TestRegistry.Sql(setup, List.of()), true)
        .revision("bb22", List.of("aa11"), new TestRegistry.Ops(up, down), true)
        .build();
  }

  private static List<String> indexes(DataSource dataSource, String table) {
    List<String> indexes = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.getMetaData().getIndexInfo(null, null, table, false, false)) {
      while (rows.next()) {
        String name = rows.getString("INDEX_NAME");
        if (name != null && name.startsWith("ix_")) {
          indexes.add(rows.getString("INDEX_NAME") + ":" + rows.getString("COLUMN_NAME"));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    indexes.sort(null);
    return indexes;
  }

  private static void assertFails(DataSource dataSource, String sql) {
    assertThrows(IllegalStateException.class, () -> execute(dataSource, sql), sql);
  }

  private static String schema(DataSource dataSource) {
    return String.join(
        "\n",
        query(
            dataSource,
            "SELECT type || ' ' || name || ': ' || coalesce(sql, '') FROM sqlite_master"
                + " ORDER BY type, name"));
  }

  /** What every SQLite batch must leave: a sound file, no orphans, no temporary table. */
  private static void assertSound(TestDatabase db, DataSource dataSource) {
    if (db != TestDatabase.SQLITE) {
      return;
    }
    assertEquals(List.of("ok"), query(dataSource, "PRAGMA integrity_check"));
    assertEquals(List.of(), query(dataSource, "SELECT * FROM pragma_foreign_key_check"));
    assertEquals(
        List.of(),
        query(
            dataSource, "SELECT name FROM sqlite_master WHERE name LIKE '\\_retort%' ESCAPE '\\'"));
  }

  private static void assertAt(Retort retort, String id) {
    assertEquals(List.of(id), retort.current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void notNullAndUnique_theJavadocExample_appliesAndDowngradeRevertsIt(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    USERS,
                    "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL)"),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> {
                          batch.alterColumn("email", ColumnChange.of().notNull());
                          batch.createUniqueConstraint("uq_users_email", "email");
                        }),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> {
                          batch.dropConstraint("uq_users_email");
                          batch.alterColumn("email", ColumnChange.of().nullable());
                        })));

    retort.upgrade("head");

    assertAt(retort, "bb22");
    assertEquals(
        List.of("id not null", "email not null", "name", "age"), columns(dataSource, "users"));
    assertEquals(
        List.of("1|a@x|Ann|30", "2|b@x|Bob|"),
        query(
            dataSource,
            "SELECT id || '|' || email || '|' || name || '|' || coalesce(CAST(age AS TEXT), '')"
                + " FROM users ORDER BY id"));
    assertFails(dataSource, "INSERT INTO users (id, email) VALUES (3, 'a@x')");
    assertFails(dataSource, "INSERT INTO users (id) VALUES (3)");
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          List.of("u|1"),
          query(dataSource, "SELECT origin || '|' || \"unique\" FROM pragma_index_list('users')"));
    }
    assertSound(db, dataSource);

    retort.downgrade("-1");

    assertAt(retort, "aa11");
    assertEquals(List.of("id not null", "email", "name", "age"), columns(dataSource, "users"));
    execute(dataSource, "INSERT INTO users (id, email) VALUES (3, 'a@x')");
    execute(dataSource, "INSERT INTO users (id) VALUES (4)");
    assertEquals(List.of("4"), query(dataSource, "SELECT count(*) FROM users"));
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          List.of(USERS.replace("TABLE users", "TABLE \"users\"")),
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'users'"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void typeDefaultAndNewNotNullColumn_applyAndKeepRows(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    USERS.replace("age INTEGER", "age INTEGER DEFAULT 18"),
                    "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL)"),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> {
                          batch.alterColumn("name", ColumnChange.of().type(ColumnType.text()));
                          batch.alterColumn(
                              "name", ColumnChange.of().serverDefault(ServerDefault.value("anon")));
                          batch.alterColumn("age", ColumnChange.of().dropServerDefault());
                          batch.addColumn(
                              Column.of("score", ColumnType.integer())
                                  .notNull()
                                  .serverDefault(ServerDefault.value(7)));
                        }),
                op -> {}));

    retort.upgrade("head");

    assertAt(retort, "bb22");
    assertEquals(
        List.of("id not null", "email", "name", "age", "score not null"),
        columns(dataSource, "users"));
    execute(dataSource, "INSERT INTO users (id) VALUES (3)");
    assertEquals(
        List.of("1|Ann|30|7", "2|Bob||7", "3|anon||7"),
        query(
            dataSource,
            "SELECT id || '|' || name || '|' || coalesce(CAST(age AS TEXT), '') || '|' || score"
                + " FROM users ORDER BY id"));
    String nameType =
        db == TestDatabase.SQLITE
            ? "SELECT type FROM pragma_table_xinfo('users') WHERE name = 'name'"
            : "SELECT data_type FROM information_schema.columns WHERE table_name = 'users' AND"
                + " column_name = 'name'";
    assertEquals(List.of(db == TestDatabase.SQLITE ? "TEXT" : "text"), query(dataSource, nameType));
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void dropAndRenameColumn_indexAndViewFollowTheRename(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Sql(
                        List.of(
                            USERS,
                            "CREATE INDEX ix_users_name ON users (name)",
                            "CREATE VIEW named_users AS SELECT id, name FROM users",
                            "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob',"
                                + " 40)"),
                        List.of()),
                    true)
                .revision(
                    "bb22",
                    List.of("aa11"),
                    new TestRegistry.Ops(
                        op ->
                            op.batchAlterTable(
                                "users",
                                batch -> {
                                  batch.dropColumn("age");
                                  batch.alterColumn(
                                      "name", ColumnChange.of().renameTo("full_name"));
                                  batch.alterColumn("full_name", ColumnChange.of().notNull());
                                }),
                        op -> {}),
                    true)
                .build());

    retort.upgrade("head");

    assertAt(retort, "bb22");
    assertEquals(
        List.of("id not null", "email", "full_name not null"), columns(dataSource, "users"));
    assertEquals(List.of("ix_users_name:full_name"), indexes(dataSource, "users"));
    assertEquals(
        List.of("1|Ann", "2|Bob"),
        query(dataSource, "SELECT id || '|' || full_name FROM users ORDER BY id"));
    assertEquals(List.of("2"), query(dataSource, "SELECT count(*) FROM named_users"));
    if (db == TestDatabase.SQLITE) {
      assertTrue(
          query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'named_users'")
              .get(0)
              .contains("full_name"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void checkAndForeignKey_addedThenDroppedByName(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Sql(
                        List.of(
                            "CREATE TABLE teams (id INTEGER PRIMARY KEY)",
                            "CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER, age"
                                + " INTEGER)",
                            "INSERT INTO teams VALUES (1), (2)",
                            "INSERT INTO players VALUES (1, 1, 20), (2, 2, 30), (3, NULL, 40)"),
                        List.of()),
                    true)
                .revision(
                    "bb22",
                    List.of("aa11"),
                    new TestRegistry.Ops(
                        op ->
                            op.batchAlterTable(
                                "players",
                                batch -> {
                                  batch.createCheckConstraint("ck_players_age", "age >= 0");
                                  batch.createForeignKey(
                                      ForeignKey.from("team_id")
                                          .references("teams", "id")
                                          .named("fk_players_team"));
                                }),
                        op ->
                            op.batchAlterTable(
                                "players",
                                batch -> {
                                  batch.dropConstraint("fk_players_team");
                                  batch.dropConstraint("ck_players_age");
                                })),
                    true)
                .build());

    retort.upgrade("head");

    assertAt(retort, "bb22");
    assertFails(dataSource, "INSERT INTO players VALUES (4, 1, -1)");
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          List.of("team_id->teams.id"),
          query(
              dataSource,
              "SELECT \"from\" || '->' || \"table\" || '.' || \"to\""
                  + " FROM pragma_foreign_key_list('players')"));
    } else {
      assertFails(dataSource, "INSERT INTO players VALUES (4, 99, 1)");
    }
    assertEquals(List.of("3"), query(dataSource, "SELECT count(*) FROM players"));
    assertSound(db, dataSource);

    retort.downgrade("-1");

    execute(dataSource, "INSERT INTO players VALUES (4, 99, -1)");
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          List.of("0"),
          query(dataSource, "SELECT count(*) FROM pragma_foreign_key_list('players')"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void notNullOnAColumnHoldingNulls_failsAndLeavesTableRowsAndVersionAsBefore(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    USERS,
                    "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30), (2, 'b@x', 'Bob', NULL)"),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> {
                          batch.addColumn(Column.of("nick", ColumnType.text()));
                          batch.alterColumn("age", ColumnChange.of().notNull());
                        }),
                op -> {}));
    retort.upgrade("aa11");
    String before = db == TestDatabase.SQLITE ? schema(dataSource) : "";

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertAt(retort, "aa11");
    assertEquals(List.of("aa11"), query(dataSource, "SELECT version_num FROM retort_version"));
    assertEquals(List.of("id not null", "email", "name", "age"), columns(dataSource, "users"));
    assertEquals(
        List.of("1|30", "2|"),
        query(
            dataSource,
            "SELECT id || '|' || coalesce(CAST(age AS TEXT), '') FROM users ORDER BY id"));
    if (db == TestDatabase.SQLITE) {
      assertEquals(before, schema(dataSource));
      assertTrue(
          failed.getMessage().contains("the batch makes age NOT NULL; fill the NULLs first"),
          failed.getMessage());
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void unknownColumnOrConstraint_failsBeforeChangingAnything(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(USERS, "INSERT INTO users VALUES (1, 'a@x', 'Ann', 30)"),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> {
                          batch.addColumn(Column.of("nick", ColumnType.text()));
                          batch.alterColumn("mail", ColumnChange.of().notNull());
                        }),
                op -> {}));
    retort.upgrade("aa11");

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertAt(retort, "aa11");
    assertEquals(List.of("id not null", "email", "name", "age"), columns(dataSource, "users"));
    if (db == TestDatabase.SQLITE) {
      assertTrue(
          failed
              .getMessage()
              .contains(
                  "cannot alter column mail of users: it has no such column; its columns are"
                      + " [id, email, name, age, nick]"),
          failed.getMessage());
    }
  }

  // ---- SQLite only: what a rebuild typically breaks.

  @Test
  void unknownConstraint_failsListingTheNamedOnes() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    "CREATE TABLE t (a INTEGER CONSTRAINT ck_a CHECK (a > 0), b INTEGER,"
                        + " CONSTRAINT uq_b UNIQUE (b), CHECK (a < 100))"),
                op -> op.batchAlterTable("t", batch -> batch.dropConstraint("ck_b")),
                op -> {}));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "cannot drop constraint ck_b of t: the table has no constraint of that name; its"
                    + " named constraints are [ck_a, uq_b]. A constraint without a name is dropped"
                    + " by what it constrains: batch.dropPrimaryKey(),"
                    + " batch.dropUniqueConstraint(columns...),"
                    + " batch.dropForeignKey(referencedTable, columns...) or"
                    + " batch.dropCheckConstraints(column)"),
        failed.getMessage());
  }

  @Test
  void dropColumnAnIndexUses_failsNamingTheIndex() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(USERS, "CREATE INDEX ix_age ON users (age) WHERE age > 0"),
                op -> op.batchAlterTable("users", batch -> batch.dropColumn("age")),
                op -> {}));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed.getMessage().contains("cannot drop column age of users: index ix_age still uses it"),
        failed.getMessage());
    assertAt(retort, "aa11");
  }

  @Test
  void addNotNullColumnWithoutDefault_toATableWithRows_failsSuggestingADefault() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(USERS, "INSERT INTO users (id) VALUES (1)"),
                op ->
                    op.batchAlterTable(
                        "users",
                        batch -> batch.addColumn(Column.of("code", ColumnType.text()).notNull())),
                op -> {}));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "the batch adds NOT NULL column code without a server default, and the table has"
                    + " rows; give it one with .serverDefault(ServerDefault.value(...))"),
        failed.getMessage());
    assertSound(TestDatabase.SQLITE, dataSource);
    assertEquals(List.of("id not null", "email", "name", "age"), columns(dataSource, "users"));
  }

  @Test
  void cascadingChild_onAConnectionEnforcingForeignKeys_keepsItsRows() {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + tempDir.resolve("fk.db"));
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    USERS,
                    "CREATE TABLE posts (id INTEGER PRIMARY KEY,"
                        + " user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE)",
                    "INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, 'b@x')",
                    "INSERT INTO posts VALUES (10, 1), (11, 1), (12, 2)"),
                op ->
                    op.batchAlterTable(
                        "users", batch -> batch.alterColumn("email", ColumnChange.of().notNull())),
                op -> {}));
    assertEquals(List.of("1"), query(dataSource, "PRAGMA foreign_keys"));

    try (LogRecorder log = LogRecorder.start()) {
      retort.upgrade("head");
      assertTrue(
          log.lines().contains("bb22: running again with foreign keys off for a table rebuild"),
          log.lines().toString());
    }

    assertAt(retort, "bb22");
    assertEquals(List.of("3"), query(dataSource, "SELECT count(*) FROM posts"));
    assertEquals(
        List.of("id not null", "email not null", "name", "age"), columns(dataSource, "users"));
    // The child's key still points at the rebuilt table, and the cascade still works.
    execute(dataSource, "DELETE FROM users WHERE id = 1");
    assertEquals(List.of("12"), query(dataSource, "SELECT id FROM posts"));
    assertSound(TestDatabase.SQLITE, dataSource);
  }

  @Test
  void firstRevisionIsABatch_onAConnectionEnforcingForeignKeys_createsTheTablesOnTheRetry() {
    // Adopting Retort on an existing database: the first revision's transaction creates the
    // version and history tables, and the foreign-keys retry rolls that transaction back.
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + tempDir.resolve("adopt.db"));
    execute(dataSource, USERS);
    execute(dataSource, "INSERT INTO users (id, email) VALUES (1, 'a@x')");
    Retort retort =
        retort(
            dataSource,
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Ops(
                        op ->
                            op.batchAlterTable(
                                "users",
                                batch -> batch.alterColumn("email", ColumnChange.of().notNull())),
                        op -> {}),
                    true)
                .build());

    retort.upgrade("head");

    assertAt(retort, "aa11");
    assertEquals(
        List.of("id not null", "email not null", "name", "age"), columns(dataSource, "users"));
    assertEquals(
        List.of("aa11 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history"));
    assertSound(TestDatabase.SQLITE, dataSource);
    // And the next start finds it at head.
    assertTrue(retort.upgrade("head").isNoOp());
  }

  @Test
  void foreignKeyViolationIntroducedByTheBatch_failsNamingTheRow_andRollsBack() {
    SQLiteConfig config = new SQLiteConfig();
    config.enforceForeignKeys(true);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + tempDir.resolve("fk.db"));
    Retort retort =
        retort(
            dataSource,
            registry(
                List.of(
                    "CREATE TABLE teams (id INTEGER PRIMARY KEY)",
                    "CREATE TABLE players (id INTEGER PRIMARY KEY, team_id INTEGER)",
                    "INSERT INTO teams VALUES (1)",
                    "INSERT INTO players VALUES (1, 1), (2, 7)"),
                op ->
                    op.batchAlterTable(
                        "players",
                        batch ->
                            batch.createForeignKey(
                                ForeignKey.from("team_id")
                                    .references("teams", "id")
                                    .named("fk_players_team"))),
                op -> {}));
    retort.upgrade("aa11");
    String before = schema(dataSource);

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "the batch on players leaves rows whose foreign keys point at no row, so it was"
                    + " rolled back:\n    players row 2 has no row in teams (foreign key #0)"),
        failed.getMessage());
    assertAt(retort, "aa11");
    assertEquals(before, schema(dataSource));
    assertEquals(List.of("2"), query(dataSource, "SELECT count(*) FROM players"));
  }

  @Test
  void untouchedParts_survive_verbatim_withTriggersViewsAndEveryKindOfIndex() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    String table =
        "CREATE TABLE node (\n"
            + "  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
            + "  parent_id INTEGER REFERENCES node (id) ON DELETE SET NULL, -- the tree\n"
            + "  label TEXT COLLATE NOCASE NOT NULL DEFAULT 'x,y' CHECK (length(label) < 50),\n"
            + "  upper_label TEXT GENERATED ALWAYS AS (upper(label)) VIRTUAL,\n"
            + "  weight REAL,\n"
            + "  \"odd, name\" TEXT,\n"
            + "  CHECK (weight IS NULL OR weight >= 0),\n"
            + "  UNIQUE (parent_id, label)\n"
            + ")";
    List<String> objects =
        List.of(
            "CREATE INDEX ix_node_heavy ON node (weight) WHERE weight > 10",
            "CREATE INDEX ix_node_lower ON node (lower(label))",
            "CREATE UNIQUE INDEX ux_node_odd ON node (\"odd, name\")",
            "CREATE TABLE audit (what TEXT)",
            "CREATE TRIGGER tr_node_insert AFTER INSERT ON node BEGIN"
                + " INSERT INTO audit VALUES ('added ' || NEW.label); END",
            "CREATE VIEW roots AS SELECT id, label FROM node WHERE parent_id IS NULL",
            "CREATE VIEW root_count AS SELECT count(*) AS n FROM roots");
    List<String> setup = new ArrayList<>(List.of(table));
    setup.addAll(objects);
    setup.add("INSERT INTO node (id, parent_id, label, weight) VALUES (1, NULL, 'root', 1)");
    setup.add("INSERT INTO node (id, parent_id, label, weight) VALUES (2, 1, 'kid', 20)");
    setup.add("INSERT INTO node (id, parent_id, label, weight) VALUES (9, 1, 'gone', 20)");
    setup.add("DELETE FROM node WHERE id = 9");
    Retort retort =
        retort(
            dataSource,
            registry(
                setup,
                op ->
                    op.batchAlterTable(
                        "node",
                        batch -> {
                          batch.alterColumn(
                              "weight", ColumnChange.of().type(ColumnType.doublePrecision()));
                          batch.addColumn(Column.of("note", ColumnType.text()));
                        }),
                op -> {}));

    retort.upgrade("head");

    assertAt(retort, "bb22");
    assertEquals(
        List.of(
            table
                .replace("CREATE TABLE node", "CREATE TABLE \"node\"")
                .replace("weight REAL", "weight DOUBLE PRECISION")
                .replace("\"odd, name\" TEXT,", "\"odd, name\" TEXT, \"note\" TEXT,")),
        query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'node'"));
    for (String object : objects) {
      if (!object.startsWith("CREATE TABLE")) {
        assertEquals(
            1,
            query(dataSource, "SELECT sql FROM sqlite_master").stream()
                .filter(object::equals)
                .count(),
            object);
      }
    }
    assertEquals(
        List.of(
            "ix_node_heavy|c|1|0",
            "ix_node_lower|c|0|0",
            "sqlite_autoindex_node_1|u|0|1",
            "ux_node_odd|c|0|1"),
        query(
            dataSource,
            "SELECT name || '|' || origin || '|' || partial || '|' || \"unique\""
                + " FROM pragma_index_list('node') ORDER BY name"));
    assertEquals(
        List.of("parent_id->node.id SET NULL"),
        query(
            dataSource,
            "SELECT \"from\" || '->' || \"table\" || '.' || \"to\" || ' ' || on_delete"
                + " FROM pragma_foreign_key_list('node')"));
    assertEquals(
        List.of("1|ROOT|1.0", "2|KID|20.0"),
        query(
            dataSource, "SELECT id || '|' || upper_label || '|' || weight FROM node ORDER BY id"));
    assertEquals(List.of("1"), query(dataSource, "SELECT n FROM root_count"));
    // AUTOINCREMENT does not hand out 9 again; the trigger still fires; the checks still hold.
    execute(dataSource, "INSERT INTO node (label) VALUES ('new')");
    assertEquals(List.of("10"), query(dataSource, "SELECT max(id) FROM node"));
    assertTrue(query(dataSource, "SELECT what FROM audit").contains("added new"));
    assertFails(dataSource, "INSERT INTO node (label, weight) VALUES ('neg', -1)");
    assertFails(dataSource, "INSERT INTO node (label) VALUES ('" + "z".repeat(60) + "')");
    assertSound(TestDatabase.SQLITE, dataSource);
  }

  @Test
  void enumCheckInsideAColumn_isDroppedByItsName() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    ColumnType kind = ColumnType.enumeration("workout_kind", List.of("run", "ride"));
    Retort retort =
        retort(
            dataSource,
            TestRegistry.builder()
                .revision(
                    "aa11",
                    List.of(),
                    new TestRegistry.Ops(
                        op ->
                            op.createTable(
                                Table.named("workout")
                                    .column(Column.of("id", ColumnType.integer()).identity())
                                    .column(Column.of("kind", kind))),
                        op -> {}),
                    true)
                .revision(
                    "bb22",
                    List.of("aa11"),
                    new TestRegistry.Ops(
                        op ->
                            op.batchAlterTable(
                                "workout", batch -> batch.dropConstraint("workout_kind")),
                        op -> {}),
                    true)
                .build());
    retort.upgrade("aa11");
    assertFails(dataSource, "INSERT INTO workout (kind) VALUES ('walk')");

    retort.upgrade("head");

    execute(dataSource, "INSERT INTO workout (kind) VALUES ('walk')");
    assertEquals(
        List.of(
            "CREATE TABLE \"workout\" (\"id\" INTEGER PRIMARY KEY NOT NULL, \"kind\" VARCHAR(4))"),
        query(dataSource, "SELECT sql FROM sqlite_master WHERE name = 'workout'"));
    assertSound(TestDatabase.SQLITE, dataSource);
  }
}
