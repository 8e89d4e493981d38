package dev.retort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Failures the database causes are reported as the database's, with its own words once. */
class DatabaseMessagesTest {
  @TempDir Path tempDir;

  private static TestRegistry registry(String... secondRevision) {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE a (id INTEGER)"), List.of()),
            true)
        .revision(
            "bb22", List.of("aa11"), new TestRegistry.Sql(List.of(secondRevision), List.of()), true)
        .build();
  }

  private static Retort retort(DataSource dataSource, TestRegistry registry) {
    return Retort.configure().dataSource(dataSource).registry(registry).load();
  }

  /** The same database, opened read-only: SQLite's read-only mode, PostgreSQL's default. */
  private DataSource readOnly(TestDatabase db, DataSource dataSource) {
    if (db == TestDatabase.SQLITE) {
      SQLiteConfig config = new SQLiteConfig();
      config.setReadOnly(true);
      SQLiteDataSource readOnly = new SQLiteDataSource(config);
      readOnly.setUrl(TestDatabase.SQLITE.jdbcUrl(dataSource));
      return readOnly;
    }
    String name = TestDatabase.POSTGRES.jdbcUrl(dataSource).replaceAll(".*/(t\\d+)\\?.*", "$1");
    TestDatabase.execute(
        dataSource, "ALTER DATABASE " + name + " SET default_transaction_read_only = on");
    return dataSource; // the setting applies to every new session
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void readOnlyDatabase_isReportedAsTheDatabases_notTheRevisions(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    TestRegistry registry = registry("CREATE TABLE b (id INTEGER)");
    retort(dataSource, registry).upgrade("aa11");
    Retort retort = retort(readOnly(db, dataSource), registry);

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    String url = TestDatabase.SQLITE == db ? TestDatabase.SQLITE.jdbcUrl(dataSource) : "jdbc:";
    assertTrue(
        failure
            .getMessage()
            .contains(
                " is read-only for this connection; open it read-write (for a SQLite file, the"
                    + " file and its directory must be writable by this process, which writes a"
                    + " journal beside it), then run the command again"),
        failure.getMessage());
    assertTrue(failure.getMessage().contains("the database " + url), failure.getMessage());
    assertFalse(failure.getMessage().contains("fix the revision"), failure.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
  }

  @Test
  void postgresError_withTheDriverAtFinest_saysItOnce_withoutTheServersSourceLocation() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    Retort retort = retort(dataSource, registry("SELECT * FROM no_such_table"));
    Logger driver = Logger.getLogger("org.postgresql");
    Level previous = driver.getLevel();
    // At FINEST the driver adds the server's source file and the SQLState to its message.
    driver.setLevel(Level.FINEST);
    RevisionFailedException failure;
    try {
      failure = assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));
    } finally {
      driver.setLevel(previous);
    }

    assertTrue(failure.getCause().getCause().getMessage().contains("Location: File:"));
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "  database said: ERROR: relation \"no_such_table\" does not exist\n"
                    + "  Position: 15 [SQLState 42P01]\n"
                    + "  fix the revision, then run upgrade again"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains("Location:"), failure.getMessage());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void connectionThatCannotBeOpened_namesTheDatabaseItTried(TestDatabase db) {
    String url =
        db == TestDatabase.SQLITE
            ? "jdbc:sqlite:" + tempDir.resolve("no/such/dir/x.db")
            : TestDatabase.POSTGRES
                .jdbcUrl(TestDatabase.POSTGRES.create(tempDir))
                .replaceFirst("/t\\d+\\?", "/no_such_db?");
    String password = db == TestDatabase.SQLITE ? "" : "&password=pw";
    Retort retort =
        Retort.configure().dataSource(url + password).registry(registry("SELECT 1")).load();

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    assertTrue(
        failure.getMessage().startsWith("could not open a connection to " + url + ": "),
        failure.getMessage());
    assertTrue(
        failure
            .getMessage()
            .endsWith(
                "\n  check the URL, the user and password, and that the database is running and"
                    + " reachable from here"),
        failure.getMessage());
  }
}
