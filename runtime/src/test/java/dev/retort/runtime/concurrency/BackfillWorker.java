package dev.retort.runtime.concurrency;

import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.ops.Backfill;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One process of {@link BackfillCrashTest}: waits for a start signal, then upgrades to r2, whose
 * backfill runs in chunks of {@value #CHUNK} rows with a pause after each, long enough for the test
 * to kill the process half-way. Exits 0 when done, or 1 with the error.
 *
 * <p>Arguments: JDBC URL, start-signal file, and the key: {@code id} (an integer key, an UPDATE
 * that counts each visit in {@code touched}) or {@code code} (a text key, a copy into {@code
 * item_copy}, whose primary key refuses a row copied twice).
 */
public final class BackfillWorker {
  static final int CHUNK = 20;

  private BackfillWorker() {}

  /** r1 is empty (the test creates the tables); r2 runs the backfill outside a transaction. */
  static TestRegistry registry(String key) {
    Backfill backfill =
        key.equals("id")
            ? Backfill.update("item", "touched = touched + 1").key("id")
            : Backfill.copy("item", "item_copy", "code", "qty").key("code");
    Backfill throttled = backfill.chunkSize(CHUNK).pauseBetweenChunks(Duration.ofMillis(10));
    Migration r2 =
        new Migration() {
          @Override
          public void upgrade(Operations op) {
            op.backfill(throttled);
          }

          @Override
          public void downgrade(Operations op) {}
        };
    return TestRegistry.builder()
        .revision("r1", List.of(), new TestRegistry.Sql(List.of(), List.of()), true)
        .revision("r2", List.of("r1"), r2, true, false, null)
        .build();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path start = Path.of(args[1]);
    String key = args[2];
    while (!Files.exists(start)) {
      Thread.sleep(2);
    }
    try {
      Retort.configure()
          .dataSource(url)
          .registry(registry(key))
          .lockTimeout(Duration.ofMinutes(2))
          .load()
          .upgrade("head");
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }
}
