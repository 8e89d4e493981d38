package dev.retort.runtime.concurrency;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.BackfillProgress;
import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.LogRecorder;
import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kill -9 of a JVM in the middle of a backfill ({@link BackfillWorker}), on both databases, with
 * an integer key and with a text key. Afterwards exactly the rows up to the recorded last key are
 * done, the revision is not recorded, and a re-run resumes after that key: every row done once,
 * none skipped, and the progress row gone with the version-row change.
 */
class BackfillCrashTest {
  private static final int ROWS = 2_000;

  @TempDir Path tempDir;

  static Stream<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (TestDatabase db : TestDatabase.values()) {
      cases.add(Arguments.of(db, "id"));
      cases.add(Arguments.of(db, "code"));
    }
    return cases.stream();
  }

  /** item: ids 1..2000 with codes that run the other way (k-02000 is id 1); empty item_copy. */
  private DataSource items(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    execute(
        dataSource,
        "CREATE TABLE item (id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL UNIQUE,"
            + " qty INTEGER NOT NULL, touched INTEGER NOT NULL DEFAULT 0)");
    execute(dataSource, "CREATE TABLE item_copy (code VARCHAR(20) PRIMARY KEY, qty INTEGER)");
    StringBuilder insert = new StringBuilder("INSERT INTO item (id, code, qty) VALUES ");
    for (int id = 1; id <= ROWS; id++) {
      insert
          .append(id == 1 ? "" : ", ")
          .append(String.format("(%d, 'k-%05d', %d)", id, ROWS + 1 - id, id * 7));
    }
    execute(dataSource, insert.toString());
    return dataSource;
  }

  private static Retort retort(DataSource dataSource, String key) {
    return Retort.configure().dataSource(dataSource).registry(BackfillWorker.registry(key)).load();
  }

  /** The rows done so far by the worker's committed chunks; 0 while it has none. */
  private static long rowsDone(DataSource dataSource) {
    try {
      List<String> rows = query(dataSource, "SELECT rows_done FROM retort_backfill");
      return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0));
    } catch (RuntimeException notYet) { // no table yet, or SQLite busy with a commit: look again
      return 0;
    }
  }

  @ParameterizedTest(name = "{0}, {1} key")
  @MethodSource("cases")
  void killMinus9MidBackfill_rerunResumesAfterTheRecordedKey(TestDatabase db, String key)
      throws Exception {
    DataSource dataSource = items(db);
    // Up to r1 in this JVM, so that the worker's only work is the backfill.
    retort(dataSource, key).upgrade("r1");
    Path start = tempDir.resolve("start-" + db + "-" + key);
    Path output = tempDir.resolve("backfill-" + db + "-" + key + ".log");
    Process worker = start(db.jdbcUrl(dataSource), start, key, output);
    Files.createFile(start);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    // Ten chunks in: well inside the hundred, whatever the machine's speed.
    while (rowsDone(dataSource) < 10L * BackfillWorker.CHUNK) {
      assertTrue(worker.isAlive(), () -> "the worker exited early: " + read(output));
      assertTrue(System.nanoTime() < deadline, "the worker committed no chunk in 2 minutes");
      Thread.sleep(5);
    }
    worker.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
    assertTrue(worker.waitFor(1, TimeUnit.MINUTES));

    Retort retort = retort(dataSource, key);
    assertEquals(List.of("r1"), query(dataSource, "SELECT version_num FROM retort_version"));
    List<BackfillProgress> progress = retort.backfills();
    assertEquals(1, progress.size(), progress.toString());
    BackfillProgress row = progress.get(0);
    assertFalse(row.done());
    long done = row.rowsDone();
    assertTrue(done > 0 && done < ROWS, "killed at " + done + " of " + ROWS + " rows");
    assertEquals(done / BackfillWorker.CHUNK, row.chunksDone());
    // Exactly the rows up to the recorded key are done: the chunk in flight rolled back whole.
    if (key.equals("id")) {
      assertEquals("[" + done + "]", row.lastKey());
      assertEquals(
          List.of(Long.toString(done)),
          query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1 AND id <= " + done));
      assertEquals(
          List.of(Long.toString(ROWS - done)),
          query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 0 AND id > " + done));
    } else {
      String lastCode = String.format("k-%05d", done);
      assertEquals("[\"" + lastCode + "\"]", row.lastKey());
      assertEquals(
          query(dataSource, "SELECT code FROM item WHERE code <= '" + lastCode + "' ORDER BY code"),
          query(dataSource, "SELECT code FROM item_copy ORDER BY code"));
    }

    List<String> log;
    try (LogRecorder recorder = LogRecorder.start()) {
      retort.upgrade("head");
      log = recorder.lines();
    }
    // The killed run's start row makes the rerun say what it does, before it runs (README).
    int warned =
        log.indexOf(
            "r2: an earlier run started this upgrade outside a transaction and did not finish;"
                + " running it again (a backfill resumes after its last committed chunk, an invalid"
                + " index its CREATE INDEX CONCURRENTLY left is built again)");
    int running = -1;
    for (int i = 0; i < log.size() && running < 0; i++) {
      running = log.get(i).startsWith("r2: running upgrade ") ? i : -1;
    }
    assertTrue(warned >= 0 && warned < running, log::toString);

    assertEquals(List.of("r2"), query(dataSource, "SELECT version_num FROM retort_version"));
    if (key.equals("id")) {
      // Touched exactly once each: nothing redone after the kill, nothing skipped.
      assertEquals(
          List.of(Integer.toString(ROWS)),
          query(dataSource, "SELECT COUNT(*) FROM item WHERE touched = 1"));
    } else {
      assertEquals(
          query(dataSource, "SELECT code || ':' || qty FROM item ORDER BY code"),
          query(dataSource, "SELECT code || ':' || qty FROM item_copy ORDER BY code"));
    }
    assertEquals(List.of("0"), query(dataSource, "SELECT COUNT(*) FROM retort_backfill"));
  }

  private static Process start(String url, Path start, String key, Path output)
      throws java.io.IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            BackfillWorker.class.getName(),
            url,
            start.toString(),
            key)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static String read(Path output) {
    try {
      return Files.readString(output);
    } catch (java.io.IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }
}
