package dev.retort.runtime.concurrency;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Sixteen JVMs call {@code upgrade("head")} at the same moment against one database holding none of
 * 50 revisions: every revision must be applied exactly once, every process must exit 0, and the
 * database must end at head. One round per database in the normal suite; {@code
 * -Dretort.stress.rounds=10} repeats it.
 */
class ConcurrentUpgradeTest {
  private static final int PROCESSES = 16;
  private static final int REVISIONS = 50;
  private static final Pattern APPLIED = Pattern.compile("applied=(\\d+) to=\\[(\\w+)]");

  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void sixteenProcessesAtOnce_applyEachRevisionExactlyOnce(TestDatabase db) throws Exception {
    int rounds = Integer.getInteger("retort.stress.rounds", 1);
    for (int round = 1; round <= rounds; round++) {
      runRound(db, round);
    }
  }

  private void runRound(TestDatabase db, int round) throws Exception {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    Path start = tempDir.resolve("start-" + db + "-" + round);
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    for (int i = 0; i < PROCESSES; i++) {
      Path output = tempDir.resolve("worker-" + db + "-" + round + "-" + i + ".log");
      outputs.add(output);
      processes.add(Workers.start(db.jdbcUrl(dataSource), REVISIONS, start, output, 0));
    }
    Files.createFile(start);

    int appliedByAll = 0;
    for (int i = 0; i < PROCESSES; i++) {
      Process process = processes.get(i);
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        processes.forEach(Process::destroyForcibly);
        throw new AssertionError("worker " + i + " did not finish");
      }
      String output = Files.readString(outputs.get(i));
      assertEquals(0, process.exitValue(), "round " + round + " worker " + i + ":\n" + output);
      Matcher matcher = APPLIED.matcher(output);
      if (!matcher.find()) {
        throw new AssertionError("round " + round + " worker " + i + " printed:\n" + output);
      }
      assertEquals(UpgradeWorker.id(REVISIONS), matcher.group(2));
      appliedByAll += Integer.parseInt(matcher.group(1));
    }

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= REVISIONS; i++) {
      expected.add(UpgradeWorker.id(i));
    }
    assertEquals(expected, query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
    assertEquals(REVISIONS, appliedByAll, "revisions reported applied across all processes");
    assertEquals(
        expected,
        query(
            dataSource,
            "SELECT revision_id FROM retort_history WHERE action = 'upgrade' ORDER BY id"));
    assertEquals(
        List.of(UpgradeWorker.id(REVISIONS)),
        query(dataSource, "SELECT version_num FROM retort_version"));
  }
}
