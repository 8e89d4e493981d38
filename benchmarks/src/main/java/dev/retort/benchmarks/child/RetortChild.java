package dev.retort.benchmarks.child;

import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;

/**
 * Retort, as an application calls it at start-up: {@code <mode> <url> <user> <password> <n>}, mode
 * {@code apply} (from an empty database) or {@code startup} (at head: nothing to do).
 */
public final class RetortChild {
  private RetortChild() {}

  public static void main(String[] args) {
    String mode = args[0];
    String url = args[1];
    String user = Report.nullable(args[2]);
    String password = Report.nullable(args[3]);
    int n = Integer.parseInt(args[4]);

    long started = System.nanoTime();
    RetortConfig.Builder builder = Retort.configure();
    builder = user == null ? builder.dataSource(url) : builder.dataSource(url, user, password);
    MigrationResult result = builder.load().upgrade("head");
    long took = System.nanoTime() - started;

    int expected = mode.equals("apply") ? n : 0;
    if (result.applied().size() != expected) {
      throw new IllegalStateException(
          "applied " + result.applied().size() + " revisions, expected " + expected);
    }
    Report.print(took, "applied=" + result.applied().size());
  }
}
