package dev.retort.runtime.concurrency;

import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One process of the concurrency and crash tests: waits for a start signal, upgrades a chain of
 * revisions to head, prints how many it applied itself, and exits 0, or 1 with the error.
 *
 * <p>Arguments: JDBC URL, revision count, start-signal file, and optionally milliseconds each
 * revision sleeps (so that a crash test can kill the process in the middle of one).
 */
public final class UpgradeWorker {
  private UpgradeWorker() {}

  /** Revision {@code i} of the chain: {@code r0001}, {@code r0002}, ... */
  public static String id(int i) {
    return String.format("r%04d", i);
  }

  /** A chain of {@code count} revisions, each creating {@code t_<id>} and logging itself. */
  public static TestRegistry chain(int count, long sleepMillis) {
    TestRegistry.Builder builder = TestRegistry.builder();
    for (int i = 1; i <= count; i++) {
      String id = id(i);
      java.util.List<String> up =
          new java.util.ArrayList<>(
              java.util.List.of(
                  "CREATE TABLE t_" + id + " (id INTEGER PRIMARY KEY, note VARCHAR(20))",
                  "INSERT INTO t_" + id + " (id, note) VALUES (1, '" + id + "')",
                  "INSERT INTO applied_log (revision) VALUES ('" + id + "')"));
      builder.revision(
          id,
          i == 1 ? java.util.List.of() : java.util.List.of(id(i - 1)),
          new SleepyMigration(
              new TestRegistry.Sql(up, java.util.List.of("DROP TABLE t_" + id)), sleepMillis),
          true);
    }
    return builder.build();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int count = Integer.parseInt(args[1]);
    Path start = Path.of(args[2]);
    long sleepMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
    while (!Files.exists(start)) {
      Thread.sleep(2);
    }
    try {
      MigrationResult result =
          Retort.configure()
              .dataSource(url)
              .registry(chain(count, sleepMillis))
              .load()
              .upgrade("head");
      System.out.println("applied=" + result.applied().size() + " to=" + result.to());
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }

  /** Sleeps between statements, to widen the window a crash can hit. */
  record SleepyMigration(TestRegistry.Sql sql, long sleepMillis)
      implements dev.retort.runtime.Migration {
    @Override
    public void upgrade(dev.retort.runtime.ops.Operations op) throws InterruptedException {
      for (String statement : sql.up()) {
        op.execute(statement);
        if (sleepMillis > 0) {
          Thread.sleep(sleepMillis);
        }
      }
    }

    @Override
    public void downgrade(dev.retort.runtime.ops.Operations op) {
      sql.down().forEach(op::execute);
    }
  }
}
