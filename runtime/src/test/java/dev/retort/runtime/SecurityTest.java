package dev.retort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.JdbcSpy;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials stay out of messages and logs; Retort's own SQL binds every value. */
class SecurityTest {
  private static final String SECRET = "s3cret-Pa55word";

  @TempDir Path tempDir;

  private static TestRegistry registry() {
    return TestRegistry.builder()
        .revision(
            "q1w2e3",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE t (id INTEGER)"), List.of("DROP TABLE t")),
            true)
        .revision(
            "r4t5y6",
            List.of("q1w2e3"),
            new TestRegistry.Sql(List.of("CREATE TABLE u (id INTEGER)"), List.of("DROP TABLE u")),
            true)
        .build();
  }

  @Test
  void wrongDatabase_withPasswordInTheUrl_neverShowsThePassword() {
    try (LogRecorder recorder = LogRecorder.start()) {
      DataSource real = TestDatabase.POSTGRES.create(tempDir);
      String url =
          TestDatabase.POSTGRES.jdbcUrl(real).replaceFirst("/t\\d+\\?", "/no_such_db?")
              + "&password="
              + SECRET;
      Retort retort =
          Retort.configure().dataSource(url, "postgres", SECRET).registry(registry()).load();

      RetortException failure = assertThrows(RetortException.class, () -> retort.upgrade("head"));

      assertTrue(failure.getMessage().contains("no_such_db"), failure.getMessage());
      assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
      assertFalse(retort.config().dataSource().toString().contains(SECRET));
      // A successful run, logged at every level, does not show it either.
      Retort.configure()
          .dataSource(TestDatabase.POSTGRES.jdbcUrl(real) + "&password=" + SECRET)
          .registry(registry())
          .load()
          .upgrade("head");
      assertFalse(recorder.lines().isEmpty());
      for (String line : recorder.lines()) {
        assertFalse(line.contains(SECRET), line);
      }
    }
  }

  @Test
  void passwordInTheUrl_neverReachesTheDriversOwnLog() throws Exception {
    DataSource real = TestDatabase.POSTGRES.create(tempDir);
    String url = TestDatabase.POSTGRES.jdbcUrl(real) + "&password=" + SECRET;
    try (LogRecorder driverLog = LogRecorder.start("org.postgresql")) {
      // The control: handed the URL as it is, the driver logs it at FINE, password and all.
      java.sql.DriverManager.getConnection(url).close();
      assertTrue(
          driverLog.lines().stream().anyMatch(line -> line.contains(SECRET)),
          driverLog.lines().toString());
    }
    try (LogRecorder driverLog = LogRecorder.start("org.postgresql")) {
      Retort retort = Retort.configure().dataSource(url).registry(registry()).load();

      retort.upgrade("head");

      assertEquals(List.of("r4t5y6"), retort.current().revisions());
      assertFalse(driverLog.lines().isEmpty());
      for (String line : driverLog.lines()) {
        assertFalse(line.contains(SECRET), line);
      }
    }
  }

  @Test
  void retortsOwnStatements_bindRevisionIds_neverConcatenateThem() {
    for (TestDatabase db : TestDatabase.values()) {
      JdbcSpy spy = JdbcSpy.on(db.create(tempDir));
      Retort retort = Retort.configure().dataSource(spy.dataSource()).registry(registry()).load();
      retort.upgrade("head");
      retort.stamp("q1w2e3");
      retort.downgrade("base");
      for (String statement : spy.statements()) {
        assertFalse(
            statement.contains("q1w2e3") || statement.contains("r4t5y6"),
            db + " sent a revision id inside SQL text: " + statement);
      }
    }
  }
}
