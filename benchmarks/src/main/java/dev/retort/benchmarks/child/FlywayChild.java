package dev.retort.benchmarks.child;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Flyway with SQL migrations in a file-system location, its most common form: {@code <mode> <url>
 * <user> <password> <n> <location directory>}.
 */
public final class FlywayChild {
  private FlywayChild() {}

  public static void main(String[] args) {
    String mode = args[0];
    String url = args[1];
    String user = Report.nullable(args[2]);
    String password = Report.nullable(args[3]);
    int n = Integer.parseInt(args[4]);
    String location = args[5];

    long started = System.nanoTime();
    MigrateResult result =
        Flyway.configure()
            .dataSource(url, user, password)
            .locations("filesystem:" + location)
            .load()
            .migrate();
    long took = System.nanoTime() - started;

    int expected = mode.equals("apply") ? n : 0;
    if (result.migrationsExecuted != expected) {
      throw new IllegalStateException(
          "executed " + result.migrationsExecuted + " migrations, expected " + expected);
    }
    Report.print(took, "applied=" + result.migrationsExecuted);
  }
}
