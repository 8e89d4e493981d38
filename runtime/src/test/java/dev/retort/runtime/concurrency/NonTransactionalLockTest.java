package dev.retort.runtime.concurrency;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@code transactional = false} revision runs under the migration lock on both databases: eight
 * JVMs starting together run it exactly once, and a process killed while it holds the lock does not
 * block the next run (the lock dies with its process).
 */
class NonTransactionalLockTest {
  private static final int PROCESSES = 8;
  private static final Pattern APPLIED = Pattern.compile("applied=(\\d+) to=\\[(\\w+)]");

  @TempDir Path tempDir;

  private Process start(TestDatabase db, DataSource dataSource, Path start, String name, Path hold)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                NonTransactionalWorker.class.getName(),
                db.jdbcUrl(dataSource),
                start.toString()));
    if (hold != null) {
      command.add(hold.toString());
    }
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(tempDir.resolve(name + ".log").toFile())
        .start();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void eightProcessesAtOnce_runTheNonTransactionalRevisionExactlyOnce(TestDatabase db)
      throws Exception {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    Path start = tempDir.resolve("start");
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      processes.add(start(db, dataSource, start, "worker-" + i, null));
    }
    Files.createFile(start);

    int appliedByAll = 0;
    for (int i = 0; i < PROCESSES; i++) {
      Process process = processes.get(i);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        processes.forEach(Process::destroyForcibly);
        throw new AssertionError("worker " + i + " did not finish");
      }
      String output = Files.readString(tempDir.resolve("worker-" + i + ".log"));
      assertEquals(0, process.exitValue(), "worker " + i + ":\n" + output);
      Matcher matcher = APPLIED.matcher(output);
      assertTrue(matcher.find(), "worker " + i + " printed:\n" + output);
      assertEquals("r0003", matcher.group(2));
      appliedByAll += Integer.parseInt(matcher.group(1));
    }

    assertEquals(List.of("r0002"), query(dataSource, "SELECT revision FROM applied_log"));
    assertEquals(3, appliedByAll, "revisions reported applied across all processes");
    assertEquals(
        List.of("r0001", "r0002", "r0003"),
        query(
            dataSource,
            "SELECT revision_id FROM retort_history WHERE action = 'upgrade' ORDER BY id"));
    assertEquals(List.of("r0003"), query(dataSource, "SELECT version_num FROM retort_version"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void holderKilledMidRevision_doesNotBlockTheNextRun(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    Path start = tempDir.resolve("start");
    Path holding = tempDir.resolve("holding");
    Process holder = start(db, dataSource, start, "holder", holding);
    Files.createFile(start);
    try {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (!Files.exists(holding)) {
        assertTrue(holder.isAlive(), Files.readString(tempDir.resolve("holder.log")));
        assertTrue(System.nanoTime() < deadline, "the holder never reached r0002");
        Thread.sleep(10);
      }

      // While the holder runs r0002, another migrator waits for it and gives up after lockTimeout.
      LockTimeoutException timeout =
          assertThrows(
              LockTimeoutException.class,
              () -> retort(dataSource, Duration.ofMillis(300)).upgrade("head"));
      assertTrue(timeout.getMessage().contains("(setting lockTimeout)"), timeout.getMessage());
      if (db == TestDatabase.SQLITE) {
        assertTrue(
            timeout
                .getMessage()
                .startsWith(
                    "could not take the migration lock file "
                        + db.jdbcUrl(dataSource).substring("jdbc:sqlite:".length())
                        + ".retort-lock within PT0.3S (setting lockTimeout): it is held by pid "
                        + holder.pid()
                        + " (since "),
            timeout.getMessage());
      }
    } finally {
      holder.destroyForcibly(); // SIGKILL: no finally block of the holder runs
      assertTrue(holder.waitFor(1, TimeUnit.MINUTES));
    }

    Retort retort = retort(dataSource, Duration.ofSeconds(30));
    assertEquals(List.of("r0001"), retort.current().revisions());
    assertEquals(2, retort.upgrade("head").applied().size());

    assertEquals(List.of("r0002"), query(dataSource, "SELECT revision FROM applied_log"));
    assertEquals(List.of("r0003"), retort.current().revisions());
  }

  private static Retort retort(DataSource dataSource, Duration lockTimeout) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(NonTransactionalWorker.registry(null))
        .lockTimeout(lockTimeout)
        .load();
  }
}
