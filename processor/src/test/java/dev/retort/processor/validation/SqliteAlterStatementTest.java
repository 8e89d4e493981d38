package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The recogniser of ALTER TABLE statements SQLite refuses. Every statement here also runs on a real
 * SQLite file (the bundled sqlite-jdbc, 3.54) against a table with a row, so that what the
 * recogniser accepts is what SQLite accepts, and what it reports SQLite really refuses.
 */
class SqliteAlterStatementTest {
  @TempDir Path directory;

  /** Forms SQLite runs on a table with rows: never reported. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE users RENAME TO people",
        "alter table users rename column name to full_name",
        "ALTER TABLE users RENAME name TO full_name",
        "ALTER TABLE main.users ADD COLUMN phone VARCHAR(32)",
        "ALTER TABLE users ADD phone TEXT",
        "ALTER TABLE \"users\" ADD COLUMN \"odd name\" TEXT",
        "ALTER TABLE [users] ADD COLUMN `odd` TEXT",
        "ALTER TABLE users ADD COLUMN score INTEGER NOT NULL DEFAULT 0",
        "ALTER TABLE users ADD COLUMN score INTEGER DEFAULT -1 NOT NULL",
        "ALTER TABLE users ADD COLUMN score INTEGER NOT NULL DEFAULT (-1)",
        "ALTER TABLE users ADD COLUMN code TEXT NOT NULL DEFAULT ('x')",
        "ALTER TABLE users ADD COLUMN code TEXT NOT NULL DEFAULT 'unique primary key'",
        "ALTER TABLE users ADD COLUMN flag BOOLEAN NOT NULL DEFAULT TRUE",
        "ALTER TABLE users ADD COLUMN data BLOB NOT NULL DEFAULT X'00'",
        "ALTER TABLE users ADD COLUMN ratio REAL DEFAULT 1.5",
        "ALTER TABLE users ADD COLUMN note TEXT DEFAULT NULL",
        "ALTER TABLE users ADD COLUMN note TEXT NULL",
        "ALTER TABLE users ADD COLUMN note TEXT COLLATE NOCASE",
        "ALTER TABLE users ADD COLUMN age INTEGER CHECK (age > 0)",
        "ALTER TABLE users ADD COLUMN age INTEGER CONSTRAINT nn NOT NULL DEFAULT 0 CHECK (age >="
            + " 0)",
        "ALTER TABLE users ADD COLUMN boss INTEGER REFERENCES users (id)",
        "ALTER TABLE users ADD COLUMN upper_name AS (upper(name))",
        "ALTER TABLE users ADD COLUMN up TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL",
        "ALTER TABLE users ADD COLUMN up TEXT AS (upper(name)) NOT NULL",
        "ALTER TABLE users ADD COLUMN up TEXT NOT NULL GENERATED ALWAYS AS (upper(name)) VIRTUAL",
        "ALTER TABLE users ADD COLUMN c TEXT NOT NULL ON CONFLICT IGNORE DEFAULT ''",
        "-- ALTER TABLE users ALTER COLUMN name TYPE TEXT\nALTER TABLE users ADD COLUMN x TEXT",
        "INSERT INTO users (name) VALUES ('ALTER TABLE users ALTER COLUMN name TYPE TEXT')",
        "UPDATE users SET name = 'x'; ALTER TABLE users RENAME TO people",
      })
  void formsSqliteRuns_areNotReported(String sql) throws SQLException {
    assertThat(SqliteAlterStatement.find(sql)).isEmpty();
    runOnSqlite(sql); // throws if SQLite refuses it
  }

  /** DROP COLUMN, which SQLite runs from 3.35 on: reported below that version only. */
  @ParameterizedTest
  @ValueSource(strings = {"ALTER TABLE users DROP COLUMN name", "ALTER TABLE users DROP name"})
  void dropColumn_isNativeFrom335(String sql) throws SQLException {
    assertThat(SqliteAlterStatement.find(sql))
        .containsExactly(
            new SqliteAlterStatement(SqliteAlteration.DROP_COLUMN, sql, "users", "name"));
    runOnSqlite(sql);
  }

  /** Forms SQLite runs from 3.53 on: reported below that version only (see the validator). */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "ALTER TABLE users ADD CONSTRAINT ck_age CHECK (id > 0)",
        "ALTER TABLE users ADD CHECK (id > 0)",
        "ALTER TABLE users ALTER COLUMN name SET NOT NULL",
        "ALTER TABLE users ALTER name DROP NOT NULL",
        "ALTER TABLE users DROP CONSTRAINT ck_users_id",
      })
  void formsSqliteRunsFrom353_areNativeFrom353(String sql) throws SQLException {
    List<SqliteAlterStatement> found = SqliteAlterStatement.find(sql);

    assertThat(found).hasSize(1);
    assertThat(found.get(0).alteration().nativeSince())
        .isEqualTo(Optional.of(SqliteVersion.CONSTRAINT_ALTER));
    runOnSqlite(sql);
  }

  @Test
  void alterColumnType_isAlterColumn() throws SQLException {
    assertRefused(
        "ALTER TABLE users ALTER COLUMN name TYPE VARCHAR(64)",
        SqliteAlteration.ALTER_COLUMN,
        "users",
        "name");
    assertRefused(
        "ALTER TABLE users ALTER name SET DEFAULT 'x'",
        SqliteAlteration.ALTER_COLUMN,
        "users",
        "name");
    assertRefused(
        "alter table \"users\" alter column \"name\" set data type text",
        SqliteAlteration.ALTER_COLUMN,
        "users",
        "name");
  }

  @Test
  void addConstraints_areTheirBatchOperations() throws SQLException {
    assertRefused(
        "ALTER TABLE users ADD CONSTRAINT uq_users_name UNIQUE (name)",
        SqliteAlteration.CREATE_UNIQUE_CONSTRAINT,
        "users",
        "uq_users_name");
    assertRefused(
        "ALTER TABLE users ADD UNIQUE (name)",
        SqliteAlteration.CREATE_UNIQUE_CONSTRAINT,
        "users",
        null);
    assertRefused(
        "ALTER TABLE users ADD CONSTRAINT fk_boss FOREIGN KEY (id) REFERENCES users (id)",
        SqliteAlteration.CREATE_FOREIGN_KEY,
        "users",
        "fk_boss");
  }

  @Test
  void addColumnsSqliteRefuses_areReportedWithTheirReason() throws SQLException {
    assertRefused(
        "ALTER TABLE users ADD COLUMN code INTEGER PRIMARY KEY",
        SqliteAlteration.ADD_PRIMARY_KEY_COLUMN,
        "users",
        "code");
    assertRefused(
        "ALTER TABLE users ADD code INTEGER DEFAULT 1 NOT NULL UNIQUE",
        SqliteAlteration.ADD_UNIQUE_COLUMN,
        "users",
        "code");
    assertRefused(
        "ALTER TABLE users ADD COLUMN code TEXT NOT NULL",
        SqliteAlteration.ADD_NOT_NULL_COLUMN,
        "users",
        "code");
    assertRefused(
        "ALTER TABLE users ADD COLUMN code TEXT NOT NULL DEFAULT NULL",
        SqliteAlteration.ADD_NOT_NULL_COLUMN,
        "users",
        "code");
    assertRefused(
        "ALTER TABLE users ADD COLUMN code TEXT NOT NULL DEFAULT (NULL)",
        SqliteAlteration.ADD_NOT_NULL_COLUMN,
        "users",
        "code");
    assertRefused(
        "ALTER TABLE users ADD COLUMN created TEXT DEFAULT CURRENT_TIMESTAMP",
        SqliteAlteration.ADD_COLUMN_WITH_EXPRESSION_DEFAULT,
        "users",
        "created");
    assertRefused(
        "ALTER TABLE users ADD COLUMN n INTEGER DEFAULT (1 + 1)",
        SqliteAlteration.ADD_COLUMN_WITH_EXPRESSION_DEFAULT,
        "users",
        "n");
    assertRefused(
        "ALTER TABLE users ADD COLUMN n INTEGER DEFAULT (random())",
        SqliteAlteration.ADD_COLUMN_WITH_EXPRESSION_DEFAULT,
        "users",
        "n");
  }

  @Test
  void secondStatementOfAString_isFound() throws SQLException {
    List<SqliteAlterStatement> found =
        SqliteAlterStatement.find(
            "ALTER TABLE users ADD COLUMN x TEXT; ALTER TABLE users ALTER COLUMN x TYPE INT");

    assertThat(found).hasSize(1);
    assertThat(found.get(0).text()).isEqualTo("ALTER TABLE users ALTER COLUMN x TYPE INT");
  }

  private void assertRefused(String sql, SqliteAlteration alteration, String table, String subject)
      throws SQLException {
    assertThat(SqliteAlterStatement.find(sql))
        .containsExactly(new SqliteAlterStatement(alteration, sql, table, subject));
    SQLException refused = assertThrows(SQLException.class, () -> runOnSqlite(sql));
    assertWithMessage(sql).that(refused.getMessage()).contains("SQLITE_ERROR");
  }

  /** Runs {@code sql} on a fresh SQLite file whose table users has one row. */
  private void runOnSqlite(String sql) throws SQLException {
    Path file = directory.resolve("db-" + System.nanoTime() + ".sqlite");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT,"
              + " CONSTRAINT ck_users_id CHECK (id > 0))");
      statement.execute("INSERT INTO users (name) VALUES ('Ada')");
      statement.executeUpdate(sql);
    }
  }
}
