package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.columns;
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

/**
 * Primary keys created and dropped, unnamed constraints dropped by what they constrain, and column
 * positions, on both databases; on SQLite every refusal of a batch names a call that works.
 */
class KeysAndConstraintsTest {
  @TempDir Path tempDir;

  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE team (id INTEGER PRIMARY KEY, name VARCHAR(50))",
          "CREATE TABLE membership (team_id INTEGER NOT NULL, user_id INTEGER NOT NULL,"
              + " role VARCHAR(10), PRIMARY KEY (team_id, user_id))",
          "CREATE TABLE player (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team (id),"
              + " email VARCHAR(100), age INTEGER CHECK (age > 0), UNIQUE (email),"
              + " FOREIGN KEY (team_id, id) REFERENCES membership (team_id, user_id))",
          "INSERT INTO team VALUES (1, 'red')",
          "INSERT INTO membership VALUES (1, 10, 'lead'), (1, 11, 'member')",
          "INSERT INTO player VALUES (10, 1, 'a@x', 30)");

  private static Retort retort(DataSource dataSource, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Sql(SCHEMA, List.of()), true)
                .revision("bb22", List.of("aa11"), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  private static void assertFails(DataSource dataSource, String sql) {
    assertThrows(IllegalStateException.class, () -> execute(dataSource, sql), sql);
  }

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

  private static String primaryKey(TestDatabase db, DataSource dataSource, String table) {
    return String.join(
        ",",
        query(
            dataSource,
            db == TestDatabase.SQLITE
                ? "SELECT name FROM pragma_table_info('" + table + "') WHERE pk > 0 ORDER BY pk"
                : "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid ="
                    + " i.indrelid AND a.attnum = ANY(i.indkey) WHERE i.indrelid = '"
                    + table
                    + "'::regclass AND i.indisprimary ORDER BY a.attname"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void unnamedCompositePrimaryKey_isDroppedAndRedefined_andAColumnOfItDropped(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.batchAlterTable(
                  "player",
                  batch -> batch.dropForeignKey("membership", "id", "team_id")); // any order
              op.batchAlterTable(
                  "membership",
                  batch -> {
                    batch.dropPrimaryKey();
                    batch.dropColumn("team_id");
                    batch.createPrimaryKey("pk_membership", "user_id");
                  });
            });

    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of("user_id not null", "role"), columns(dataSource, "membership"));
    assertEquals("user_id", primaryKey(db, dataSource, "membership"));
    assertFails(dataSource, "INSERT INTO membership (user_id) VALUES (10)");
    assertEquals(
        List.of("10 lead", "11 member"),
        query(dataSource, "SELECT user_id || ' ' || role FROM membership ORDER BY user_id"));
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void unnamedForeignKeyUniqueAndCheck_areDroppedByWhatTheyConstrain(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op ->
                op.batchAlterTable(
                    "player",
                    batch -> {
                      batch.dropForeignKey("team", "team_id");
                      batch.dropForeignKey("membership", "team_id", "id");
                      batch.dropUniqueConstraint("email");
                      batch.dropCheckConstraints("age");
                    }));

    retort.upgrade("head");

    execute(dataSource, "INSERT INTO player VALUES (11, 99, 'a@x', -1)");
    assertEquals(
        List.of("10 a@x", "11 a@x"),
        query(dataSource, "SELECT id || ' ' || email FROM player ORDER BY id"));
    if (db == TestDatabase.SQLITE) {
      assertEquals(List.of(), query(dataSource, "SELECT * FROM pragma_foreign_key_list('player')"));
    } else {
      assertEquals(
          List.of("p"),
          query(
              dataSource, "SELECT contype FROM pg_constraint WHERE conrelid = 'player'::regclass"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void outsideABatch_postgresDropsByLookup_andSqliteNamesTheBatchForm(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.dropUniqueConstraint("player", "email");
              op.dropForeignKey("player", "team", "team_id");
              op.dropForeignKey("player", "membership", "team_id", "id");
              op.dropPrimaryKey("membership");
              op.createPrimaryKey("pk_membership", "membership", "user_id", "team_id");
            });

    if (db == TestDatabase.SQLITE) {
      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
      assertTrue(
          failed
              .getMessage()
              .contains(
                  "SQLite cannot drop a UNIQUE constraint of player with ALTER TABLE; use"
                      + " op.batchAlterTable(\"player\", batch ->"
                      + " batch.dropUniqueConstraint(\"email\")), which rebuilds the table"),
          failed.getMessage());
      assertEquals(List.of("aa11"), retort.current().revisions());
      return;
    }
    retort.upgrade("head");
    execute(dataSource, "INSERT INTO player VALUES (11, 99, 'a@x', 5)");
    assertEquals("team_id,user_id", primaryKey(db, dataSource, "membership"));
    assertEquals(
        List.of("pk_membership"),
        query(
            dataSource,
            "SELECT conname FROM pg_constraint WHERE conrelid = 'membership'::regclass"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void aConstraintThatIsNotThere_failsListingWhatIs(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> op.batchAlterTable("player", batch -> batch.dropUniqueConstraint("age")));

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains("cannot drop the UNIQUE constraint of player on [age]: it has none"),
        failed.getMessage());
    assertTrue(failed.getMessage().contains("email"), failed.getMessage());
  }

  @Test
  void sqlite_droppingAColumnOfAnUnnamedKey_pointsAtCallsThatWork() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op -> {
              op.batchAlterTable("membership", batch -> batch.dropColumn("team_id"));
            });

    RevisionFailedException failed =
        assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    assertTrue(
        failed
            .getMessage()
            .contains(
                "cannot drop column team_id of membership: constraint PRIMARY KEY (team_id,"
                    + " user_id) still uses it; remove it first: batch.dropPrimaryKey() (then"
                    + " batch.createPrimaryKey(...) for a new key)"),
        failed.getMessage());

    Retort other =
        retort(
            TestDatabase.SQLITE.create(tempDir),
            op ->
                op.batchAlterTable(
                    "player",
                    batch -> {
                      batch.dropColumn("email");
                      batch.dropColumn("team_id");
                      batch.dropColumn("age");
                    }));
    failed = assertThrows(RevisionFailedException.class, () -> other.upgrade("head"));
    assertTrue(
        failed.getMessage().contains("remove it first: batch.dropUniqueConstraint(\"email\")"),
        failed.getMessage());

    Retort third =
        retort(
            TestDatabase.SQLITE.create(tempDir),
            op -> op.batchAlterTable("player", batch -> batch.dropColumn("team_id")));
    failed = assertThrows(RevisionFailedException.class, () -> third.upgrade("head"));
    assertTrue(
        failed
            .getMessage()
            .contains("remove it first: batch.dropForeignKey(\"membership\", \"team_id\", \"id\")"),
        failed.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void columnPosition_placesTheColumnOnSqlite_andIsRefusedOnPostgres(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort =
        retort(
            dataSource,
            op ->
                op.batchAlterTable(
                    "team",
                    batch -> {
                      batch.addColumn(
                          Column.of("code", ColumnType.varchar(3)), ColumnPosition.before("name"));
                      batch.addColumn(
                          Column.of("rank", ColumnType.integer()), ColumnPosition.after("id"));
                    }));

    if (db == TestDatabase.POSTGRES) {
      RevisionFailedException failed =
          assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
      assertTrue(
          failed
              .getMessage()
              .contains(
                  "PostgreSQL cannot place column code of team before name: ADD COLUMN always"
                      + " appends"),
          failed.getMessage());
      assertEquals(List.of("id not null", "name"), columns(dataSource, "team"));
      return;
    }
    retort.upgrade("head");
    assertEquals(List.of("id", "rank", "code", "name"), columns(dataSource, "team"));
    assertEquals(List.of("1|red"), query(dataSource, "SELECT id || '|' || name FROM team"));
    assertSound(db, dataSource);
  }
}
