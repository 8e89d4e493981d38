package dev.retort.runtime.concurrency;

import dev.retort.runtime.Migration;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.Retort;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One process of {@link NonTransactionalLockTest}: waits for a start signal, upgrades a chain of
 * three revisions whose middle one, r0002, is {@code transactional = false}, prints how many it
 * applied itself, and exits 0, or 1 with the error.
 *
 * <p>Arguments: JDBC URL, start-signal file, and optionally a "holding" file: r0002 then creates
 * that file and sleeps for a minute before doing anything, so that a test can kill the process
 * while it holds the migration lock.
 */
public final class NonTransactionalWorker {
  private NonTransactionalWorker() {}

  /**
   * r0001 and r0003 create a table each in a transaction; r0002 runs outside a transaction, sleeps
   * 1.5 s (longer than the spread of the JVMs' start-up, so that without the lock the other
   * processes would run it too) and logs itself to {@code applied_log}: every run leaves a row,
   * since nothing rolls it back.
   */
  public static TestRegistry registry(Path holding) {
    return TestRegistry.builder()
        .revision(
            "r0001",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE t_r0001 (id INTEGER)"), List.of()),
            true)
        .revision("r0002", List.of("r0001"), new LogOutsideTransaction(holding), true, false, null)
        .revision(
            "r0003",
            List.of("r0002"),
            new TestRegistry.Sql(List.of("CREATE TABLE t_r0003 (id INTEGER)"), List.of()),
            true)
        .build();
  }

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path start = Path.of(args[1]);
    Path holding = args.length > 2 ? Path.of(args[2]) : null;
    while (!Files.exists(start)) {
      Thread.sleep(2);
    }
    try {
      MigrationResult result =
          Retort.configure()
              .dataSource(url)
              .registry(registry(holding))
              .lockTimeout(Duration.ofMinutes(2))
              .load()
              .upgrade("head");
      System.out.println("applied=" + result.applied().size() + " to=" + result.to());
      System.exit(0);
    } catch (Throwable e) {
      e.printStackTrace(System.out);
      System.exit(1);
    }
  }

  /** r0002's body. */
  record LogOutsideTransaction(Path holding) implements Migration {
    @Override
    public void upgrade(Operations op) throws Exception {
      if (holding != null) {
        Files.createFile(holding);
        Thread.sleep(60_000);
      }
      Thread.sleep(1_500);
      op.execute("INSERT INTO applied_log (revision) VALUES ('r0002')");
    }

    @Override
    public void downgrade(Operations op) {}
  }
}
