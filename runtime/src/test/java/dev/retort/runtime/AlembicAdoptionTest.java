package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.columns;
import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteDataSource;

/**
 * A database that Alembic has managed is taken over by Retort revisions that keep Alembic's ids,
 * with Alembic's version table as it is, in the default schema or in another one (Alembic's {@code
 * version_table_schema}, Retort's {@code versionTableSchema}).
 */
class AlembicAdoptionTest {
  /** Exactly what Alembic runs to create its version table (alembic/runtime/migration.py). */
  private static final String ALEMBIC_VERSION_DDL =
      "CREATE TABLE %salembic_version (version_num VARCHAR(32) NOT NULL,"
          + " CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))";

  @TempDir Path tempDir;

  /**
   * The Alembic history, rewritten as Retort revisions with the same ids: 1975ea83b712 and
   * ae1027a6acf ran under Alembic; 27c6a30d7c24 is the first revision written for Retort.
   */
  private static TestRegistry registry() {
    return TestRegistry.builder()
        .revision(
            "1975ea83b712",
            List.of(),
            new TestRegistry.Sql(
                List.of("CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)"),
                List.of("DROP TABLE account")),
            true)
        .revision(
            "ae1027a6acf",
            List.of("1975ea83b712"),
            new TestRegistry.Sql(
                List.of("ALTER TABLE account ADD COLUMN last_login TIMESTAMP"),
                List.of("ALTER TABLE account DROP COLUMN last_login")),
            true)
        .revision(
            "27c6a30d7c24",
            List.of("ae1027a6acf"),
            new TestRegistry.Sql(
                List.of("CREATE TABLE audit (id INTEGER PRIMARY KEY, account_id INTEGER)"),
                List.of("DROP TABLE audit")),
            true)
        .build();
  }

  /** The database as Alembic left it: two revisions applied, stamped in alembic_version. */
  private static void alembicManaged(DataSource dataSource, String schemaPrefix) {
    execute(dataSource, String.format(ALEMBIC_VERSION_DDL, schemaPrefix));
    execute(dataSource, "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");
    execute(dataSource, "ALTER TABLE account ADD COLUMN last_login TIMESTAMP");
    execute(dataSource, "INSERT INTO account (id, name) VALUES (1, 'ada')");
    execute(
        dataSource,
        "INSERT INTO " + schemaPrefix + "alembic_version (version_num) VALUES ('ae1027a6acf')");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void alembicDatabase_currentHistoryAndUpgradeWork(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    alembicManaged(dataSource, "");
    Retort retort =
        Retort.configure()
            .dataSource(dataSource)
            .registry(registry())
            .versionTable("alembic_version")
            .load();

    CurrentRevisions current = retort.current();
    assertEquals(List.of("ae1027a6acf"), current.revisions());
    assertFalse(current.isAtHead());
    List<HistoryEntry> history = retort.history();
    assertEquals(
        List.of("27c6a30d7c24", "ae1027a6acf", "1975ea83b712"),
        history.stream().map(HistoryEntry::id).toList());
    assertEquals(
        List.of(false, true, true), history.stream().map(HistoryEntry::isApplied).toList());
    assertEquals(
        List.of(false, true, false), history.stream().map(HistoryEntry::isCurrent).toList());
    // Alembic kept no checksums: the revisions it ran are unrecorded, not a mismatch.
    assertEquals(
        new ValidationResult(List.of(), List.of("1975ea83b712", "ae1027a6acf")), retort.validate());

    MigrationResult result = retort.upgrade("head");

    assertEquals(
        List.of("27c6a30d7c24"), result.applied().stream().map(AppliedRevision::id).toList());
    assertEquals(
        List.of("27c6a30d7c24"), query(dataSource, "SELECT version_num FROM alembic_version"));
    assertEquals(List.of("ada"), query(dataSource, "SELECT name FROM account"));
    assertTrue(tables(dataSource).contains("audit"));
    assertFalse(tables(dataSource).contains("retort_version"));
    // Alembic's key column as Alembic made it, and Retort's nullable digest, which Alembic ignores.
    assertEquals(
        List.of("version_num not null", "retort_digest"), columns(dataSource, "alembic_version"));
    assertEquals(
        List.of("27c6a30d7c24 upgrade"),
        retort.historyRows().stream().map(r -> r.revisionId() + " " + r.action()).toList());
    assertTrue(retort.current().isAtHead());

    retort.downgrade("-1");
    assertEquals(
        List.of("ae1027a6acf"), query(dataSource, "SELECT version_num FROM alembic_version"));
    assertFalse(tables(dataSource).contains("audit"));
  }

  @Test
  void postgres_versionTableSchema_keepsBothTablesThere_andLocksOnTheQualifiedName()
      throws Exception {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    execute(dataSource, "CREATE SCHEMA ops");
    alembicManaged(dataSource, "ops.");
    Retort retort = schemaRetort(dataSource, "ops", Duration.ofMinutes(1));

    assertEquals(List.of("ae1027a6acf"), retort.current().revisions());
    String script = retort.upgradeScript("ae1027a6acf:head").text();
    assertTrue(
        script.contains("UPDATE \"ops\".\"alembic_version\" SET version_num = '27c6a30d7c24'"),
        script);
    retort.upgrade("head");

    assertEquals(
        List.of("27c6a30d7c24"), query(dataSource, "SELECT version_num FROM ops.alembic_version"));
    assertEquals(
        List.of("27c6a30d7c24 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM ops.retort_history"));
    assertEquals(
        List.of("alembic_version", "retort_history"),
        query(
            dataSource,
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'ops'"
                + " ORDER BY table_name"));
    assertFalse(tables(dataSource).contains("alembic_version"));
    assertFalse(tables(dataSource).contains("retort_history"));

    // The documented key: "RETR" and the CRC-32 of "ops.alembic_version".
    try (Connection holder = dataSource.getConnection();
        PreparedStatement lock = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
      lock.setLong(1, PostgresDialect.advisoryLockKey("ops.alembic_version"));
      lock.execute();
      LockTimeoutException timeout =
          assertThrows(
              LockTimeoutException.class,
              () -> schemaRetort(dataSource, "ops", Duration.ofMillis(300)).downgrade("-1"));
      assertTrue(
          timeout
              .getMessage()
              .startsWith("could not take the migration lock on ops.alembic_version within"),
          timeout.getMessage());
    }
    assertEquals(
        List.of("27c6a30d7c24"), query(dataSource, "SELECT version_num FROM ops.alembic_version"));
  }

  @Test
  void postgres_missingSchema_isNamedWithTheSetting() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);

    RetortException error =
        assertThrows(
            RetortException.class,
            () -> schemaRetort(dataSource, "ops", Duration.ofMinutes(1)).upgrade("head"));

    assertEquals(
        "the schema \"ops\" of the version table ops.alembic_version does not exist (setting"
            + " versionTableSchema); create it with CREATE SCHEMA ops, or set versionTableSchema"
            + " to an existing schema",
        error.getMessage());
    assertEquals(List.of(), tables(dataSource));
  }

  @Test
  void sqlite_versionTableSchema_isAnAttachedDatabase() {
    SQLiteDataSource opsFile = new SQLiteDataSource();
    opsFile.setUrl("jdbc:sqlite:" + tempDir.resolve("ops.db"));
    DataSource main = TestDatabase.SQLITE.create(tempDir);
    DataSource attaching = new Attaching(main, tempDir.resolve("ops.db"));
    execute(attaching, String.format(ALEMBIC_VERSION_DDL, "ops."));
    execute(attaching, "CREATE TABLE account (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)");
    execute(attaching, "ALTER TABLE account ADD COLUMN last_login TIMESTAMP");
    execute(attaching, "INSERT INTO ops.alembic_version (version_num) VALUES ('ae1027a6acf')");
    Retort retort = schemaRetort(attaching, "ops", Duration.ofMinutes(1));

    assertEquals(List.of("ae1027a6acf"), retort.current().revisions());
    retort.upgrade("head");

    assertEquals(List.of("alembic_version", "retort_history"), tables(opsFile));
    assertEquals(List.of("account", "audit"), tables(main));
    assertEquals(
        List.of("27c6a30d7c24"), query(opsFile, "SELECT version_num FROM alembic_version"));

    // Without the attachment, the setting is named and so is the way out.
    RetortException error =
        assertThrows(
            RetortException.class,
            () -> schemaRetort(main, "ops", Duration.ofMinutes(1)).downgrade("-1"));
    assertEquals(
        "no database is attached as \"ops\", the schema of the version table ops.alembic_version"
            + " (setting versionTableSchema): on SQLite a schema is an attached database, so"
            + " attach it on every connection the data source opens (ATTACH DATABASE '<file>' AS"
            + " ops), or leave versionTableSchema unset",
        error.getMessage());
  }

  @Test
  void versionTableWithADot_pointsAtVersionTableSchema() {
    RetortException error =
        assertThrows(
            RetortException.class,
            () ->
                Retort.configure()
                    .dataSource(TestDatabase.SQLITE.create(tempDir))
                    .registry(registry())
                    .versionTable("ops.alembic_version")
                    .load());
    assertEquals(
        "versionTable \"ops.alembic_version\" is not a plain SQL name; use 1 to 63 letters,"
            + " digits and underscores, not starting with a digit; to put the table in a schema,"
            + " use versionTableSchema(\"ops\")",
        error.getMessage());
  }

  private static Retort schemaRetort(DataSource dataSource, String schema, Duration lockTimeout) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(registry())
        .versionTable("alembic_version")
        .versionTableSchema(schema)
        .lockTimeout(lockTimeout)
        .load();
  }

  /**
   * A SQLite data source whose every connection has {@code ops} attached, as an app would set up.
   */
  private record Attaching(DataSource main, Path ops) implements DataSource {
    @Override
    public Connection getConnection() throws SQLException {
      Connection connection = main.getConnection();
      try (Statement statement = connection.createStatement()) {
        statement.execute("ATTACH DATABASE '" + ops + "' AS ops");
      }
      return connection;
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return main.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      main.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      main.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return main.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
      return Logger.getLogger("dev.retort");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return main.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return main.isWrapperFor(type);
    }
  }
}
