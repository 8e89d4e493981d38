package dev.retort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The line logged for every revision (issue 15): its text, one per revision, and its source given
 * to JUL (the default backend) rather than left for JUL to infer with a stack walk.
 */
class RevisionLogTest {
  private static final String RUNNER = "dev.retort.runtime.internal.RevisionRunner";

  @TempDir Path tempDir;

  /** Keeps every record as JUL made it, to be read after the command returned. */
  private static final class Records extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.retort");
    private final Level previous = logger.getLevel();
    private final List<LogRecord> records = new ArrayList<>();

    Records(Level level) {
      logger.addHandler(this);
      logger.setLevel(level);
    }

    synchronized List<LogRecord> withText(String text) {
      return records.stream().filter(r -> r.getMessage().contains(text)).toList();
    }

    @Override
    public synchronized void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
      logger.setLevel(previous);
    }
  }

  private static TestRegistry registry() {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE t1 (id INTEGER)"), List.of("DROP TABLE t1")),
            true)
        .revision(
            "bb22",
            List.of("aa11"),
            new TestRegistry.Sql(List.of("CREATE TABLE t2 (id INTEGER)"), List.of("DROP TABLE t2")),
            true,
            false,
            "checksum-of-bb22")
        .build();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void everyRevision_logsOneInfoLine_withItsSourceGiven(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry()).load();
    List<LogRecord> running;
    List<LogRecord> finished;
    try (Records records = new Records(Level.ALL)) {
      retort.upgrade("head");
      retort.downgrade("aa11");
      running = records.withText(": running ");
      finished = records.withText(" ms");
    }

    assertEquals(
        List.of(
            "aa11: running upgrade Revision_aa11 (revision aa11)",
            "bb22: running upgrade Revision_bb22 (revision bb22) outside a transaction",
            "bb22: running downgrade Revision_bb22 (revision bb22) outside a transaction"),
        running.stream().map(LogRecord::getMessage).toList());
    for (LogRecord record : running) {
      assertEquals(Level.INFO, record.getLevel());
      assertEquals("dev.retort", record.getLoggerName());
      assertNull(record.getParameters(), "built as one string, no MessageFormat");
      // Read only now, after the command returned: a source left for JUL to infer would be
      // inferred from this test's stack, not the runner's.
      assertEquals(RUNNER, record.getSourceClassName());
      assertEquals("execute", record.getSourceMethodName());
    }
    assertEquals(3, finished.size());
    assertTrue(finished.get(0).getMessage().matches("aa11: upgraded Revision_aa11 in \\d+ ms"));
    assertEquals(Level.FINE, finished.get(0).getLevel());
    assertEquals(RUNNER, finished.get(0).getSourceClassName());
    assertEquals("finished", finished.get(0).getSourceMethodName());
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void atWarning_noRevisionLineIsMade(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry()).load();
    try (Records records = new Records(Level.WARNING)) {
      retort.upgrade("head");
      assertEquals(List.of(), records.withText(": running "));
    }
    assertEquals(List.of("bb22"), retort.current().revisions());
  }
}
