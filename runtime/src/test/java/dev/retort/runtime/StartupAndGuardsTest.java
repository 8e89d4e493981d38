package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.JdbcSpy;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The start-up promise, the silent-no-op guard, and configuration errors. */
class StartupAndGuardsTest {
  @TempDir Path tempDir;

  private static TestRegistry chain() {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE a (id INTEGER)"), List.of("DROP TABLE a")),
            true)
        .revision(
            "bb22",
            List.of("aa11"),
            new TestRegistry.Sql(List.of("CREATE TABLE b (id INTEGER)"), List.of("DROP TABLE b")),
            true)
        .build();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeAtHead_sendsOneQuery_andTouchesNoRevision(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort.configure().dataSource(dataSource).registry(chain()).load().upgrade("head");
    JdbcSpy spy = JdbcSpy.on(dataSource);
    TestRegistry registry = chain();

    MigrationResult result =
        Retort.configure().dataSource(spy.dataSource()).registry(registry).load().upgrade("head");

    assertTrue(result.isNoOp());
    assertEquals(List.of("bb22"), result.to());
    assertEquals(
        List.of("SELECT version_num, retort_digest FROM \"retort_version\""), spy.statements());
    assertEquals(0, registry.revisionsCalls.get(), "revisions() read at head");
    assertEquals(0, registry.createCalls.get(), "a revision was created at head");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void driverThatLosesCommits_upgradeFailsLoudly_neverReportsSuccess(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    JdbcSpy spy = JdbcSpy.losingCommits(dataSource);
    Retort retort = Retort.configure().dataSource(spy.dataSource()).registry(chain()).load();

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    // The first commit was lost, so a later step finds nothing where it should be and fails. On
    // SQLite the per-transaction read sees it first; on PostgreSQL, whose session lock makes that
    // read unnecessary, the version-row write does.
    if (db == TestDatabase.SQLITE) {
      assertEquals(
          "cannot upgrade bb22 (Revision_bb22): its down revision aa11 (Revision_aa11) is not"
              + " applied, yet the version table retort_version reads base (no revision applied);"
              + " another process changed it without the migration lock, or the connection does"
              + " not commit: check current() and the data source's transaction settings",
          failure.getMessage());
    } else {
      assertTrue(failure.getMessage().startsWith("revision bb22"), failure.getMessage());
      assertTrue(failure.getMessage().contains("retort_version"), failure.getMessage());
    }
    assertEquals(
        List.of(),
        Retort.configure().dataSource(dataSource).registry(chain()).load().current().revisions());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void revisionThatDeletesTheVersionRow_isRolledBack_beforeAnythingIsRecorded(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    TestRegistry registry =
        TestRegistry.builder()
            .revision(
                "aa11",
                List.of(),
                new TestRegistry.Sql(List.of("CREATE TABLE a (id INTEGER)"), List.of()),
                true)
            .revision(
                "bb22",
                List.of("aa11"),
                new TestRegistry.Sql(
                    List.of("CREATE TABLE b (id INTEGER)", "DELETE FROM retort_version"),
                    List.of()),
                true)
            .build();
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry).load();

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    assertTrue(
        failure
            .getMessage()
            .contains(
                "cannot record revision bb22 (Revision_bb22): the version table retort_version no"
                    + " longer holds \"aa11\", which this process recorded"),
        failure.getMessage());
    assertEquals(List.of("aa11"), retort.current().revisions());
    assertFalse(TestDatabase.tables(dataSource).contains("b"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void driverThatLosesTheLastCommit_upgradeFailsLoudly_neverReportsSuccess(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort.configure().dataSource(dataSource).registry(chain()).load().upgrade("aa11");
    JdbcSpy spy = JdbcSpy.losingCommits(dataSource);
    Retort retort = Retort.configure().dataSource(spy.dataSource()).registry(chain()).load();

    RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

    // The seeds' silent no-op: the run "succeeded" but the database did not move. Never a success.
    assertEquals(
        "upgrade finished, but the version table retort_version reads \"aa11\", where revision bb22"
            + " (Revision_bb22) should be applied; another process changed it without the migration"
            + " lock, or the connection does not commit: check current() and the data source's"
            + " transaction settings",
        failure.getMessage());
  }

  @Test
  void noRegistryOnTheClassPath_loadNamesTheProcessorSetUp() {
    RetortException failure =
        assertThrows(
            RetortException.class,
            () -> Retort.configure().dataSource("jdbc:sqlite:" + tempDir.resolve("x.db")).load());

    assertEquals(
        "no revision registry on the class path: no RetortRegistry was generated. Put"
            + " dev.retort:retort-processor in maven-compiler-plugin's annotationProcessorPaths"
            + " (JDK 23 and later do not run processors found on the class path); the plugin must"
            + " be 3.5 or later, since older versions ignore annotationProcessorPaths without a"
            + " word (Maven 3.8 defaults to 3.1), so pin its version. Then rebuild, or pass a"
            + " registry with registry(...)",
        failure.getMessage());
  }

  @Test
  void settingsAtFault_areNamed() {
    assertEquals(
        "dataSource is not set; call dataSource(DataSource) or dataSource(jdbcUrl, user, password)",
        assertThrows(RetortException.class, () -> Retort.configure().registry(chain()).load())
            .getMessage());
    assertEquals(
        "versionTable \"my versions\" is not a plain SQL name; use 1 to 63 letters, digits and"
            + " underscores, not starting with a digit",
        assertThrows(
                RetortException.class,
                () ->
                    Retort.configure()
                        .dataSource("jdbc:sqlite::memory:")
                        .registry(chain())
                        .versionTable("my versions")
                        .load())
            .getMessage());
    assertEquals(
        "lockTimeout PT-1S is negative; use zero or more",
        assertThrows(
                RetortException.class,
                () ->
                    Retort.configure()
                        .dataSource("jdbc:sqlite::memory:")
                        .registry(chain())
                        .lockTimeout(Duration.ofSeconds(-1))
                        .load())
            .getMessage());
  }

  @Test
  void unsupportedDatabase_isNamed() {
    DataSource mysql =
        (DataSource)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {DataSource.class},
                (p, m, a) -> {
                  if (!m.getName().equals("getConnection")) {
                    throw new UnsupportedOperationException(m.getName());
                  }
                  DatabaseMetaData metaData =
                      (DatabaseMetaData)
                          Proxy.newProxyInstance(
                              getClass().getClassLoader(),
                              new Class<?>[] {DatabaseMetaData.class},
                              (p2, m2, a2) -> "MySQL");
                  return Proxy.newProxyInstance(
                      getClass().getClassLoader(),
                      new Class<?>[] {Connection.class},
                      (p3, m3, a3) -> m3.getName().equals("getMetaData") ? metaData : null);
                });
    Retort retort = Retort.configure().dataSource(mysql).registry(chain()).load();

    assertEquals(
        "unsupported database \"MySQL\": Retort supports PostgreSQL and SQLite; connect to one of"
            + " those",
        assertThrows(RetortException.class, retort::current).getMessage());
  }

  @Test
  void jdbcUrlDataSource_worksOnARealFile() {
    String url = "jdbc:sqlite:" + tempDir.resolve("url.db");
    Retort retort = Retort.configure().dataSource(url).registry(chain()).load();

    retort.upgrade("head");

    assertEquals(List.of("bb22"), retort.current().revisions());
    DataSource check = TestDatabase.SQLITE.create(tempDir);
    assertEquals(List.of(), query(check, "SELECT name FROM sqlite_master WHERE name = 'a'"));
  }
}
