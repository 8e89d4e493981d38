package dev.retort.runtime.concurrency;

import static dev.retort.runtime.testing.TestDatabase.fingerprint;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * kill -9 of the migrating JVM at a random moment of a 200-revision upgrade. Afterwards the
 * database must be exactly at some revision k (schema and rows equal to an uninterrupted upgrade to
 * k), and a re-run must complete to head. A few trials per database in the normal suite; {@code
 * -Dretort.crash.trials=30} for the full run.
 */
class CrashSafetyTest {
  private static final int REVISIONS = 200;
  private static final long STATEMENT_SLEEP_MILLIS = 2;

  @TempDir Path tempDir;

  private DataSource freshDatabase(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    return dataSource;
  }

  private static void awaitFirstCommit(DataSource dataSource, Process worker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!hasCommitted(dataSource)) {
      assertTrue(worker.isAlive(), "the upgrading worker exited before its first commit");
      assertTrue(System.nanoTime() < deadline, "the upgrading worker made no commit in 2 minutes");
      Thread.sleep(10);
    }
  }

  private static boolean hasCommitted(DataSource dataSource) {
    try {
      return !query(dataSource, "SELECT revision FROM applied_log").isEmpty();
    } catch (RuntimeException busy) { // SQLite: the worker is committing; look again
      return false;
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void killMinus9MidUpgrade_leavesAConsistentRevision_andARerunReachesHead(TestDatabase db)
      throws Exception {
    int trials = Integer.getInteger("retort.crash.trials", 3);
    Random random = new Random(20261123L + db.ordinal());
    List<Integer> stoppedAt = new ArrayList<>();
    for (int trial = 1; trial <= trials; trial++) {
      DataSource dataSource = freshDatabase(db);
      Path start = tempDir.resolve("start-" + db + "-" + trial);
      Path output = tempDir.resolve("crash-" + db + "-" + trial + ".log");
      Process worker =
          Workers.start(db.jdbcUrl(dataSource), REVISIONS, start, output, STATEMENT_SLEEP_MILLIS);
      Files.createFile(start);
      // Kill somewhere in the first part of the upgrade. Wait for its first commit rather than a
      // fixed time: on a loaded machine a fixed delay can fire before the child JVM has started.
      awaitFirstCommit(dataSource, worker);
      Thread.sleep(random.nextInt(600));
      worker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
      assertTrue(worker.waitFor(1, TimeUnit.MINUTES));

      // current() reads a missing version table as empty: killed before the first commit.
      List<String> rows =
          Retort.configure()
              .dataSource(dataSource)
              .registry(UpgradeWorker.chain(REVISIONS, 0))
              .load()
              .current()
              .revisions();
      int k = rows.isEmpty() ? 0 : Integer.parseInt(rows.get(0).substring(1));
      assertTrue(rows.size() <= 1, "version rows " + rows);
      stoppedAt.add(k);

      DataSource reference = freshDatabase(db);
      Retort referenceRetort =
          Retort.configure()
              .dataSource(reference)
              .registry(UpgradeWorker.chain(REVISIONS, 0))
              .load();
      // Killed before the first commit, the database must be untouched: no Retort tables at all,
      // since the first transaction creates them.
      if (k > 0) {
        referenceRetort.upgrade(UpgradeWorker.id(k));
      }
      assertEquals(fingerprint(reference), fingerprint(dataSource), "trial " + trial + " at " + k);
      assertEquals(
          query(reference, "SELECT revision FROM applied_log ORDER BY seq"),
          query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));

      Retort.configure()
          .dataSource(dataSource)
          .registry(UpgradeWorker.chain(REVISIONS, 0))
          .load()
          .upgrade("head");
      assertEquals(
          List.of(UpgradeWorker.id(REVISIONS)),
          query(dataSource, "SELECT version_num FROM retort_version"));
      assertEquals(REVISIONS, query(dataSource, "SELECT revision FROM applied_log").size());
    }
    System.out.println(db + " crash trials stopped at revisions " + stoppedAt);
    // The trials must actually interrupt upgrades, or they prove nothing.
    assertTrue(
        stoppedAt.stream().anyMatch(k -> k > 0 && k < REVISIONS),
        "no trial stopped mid-upgrade: " + stoppedAt);
  }
}
