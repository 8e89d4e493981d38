package dev.retort.benchmarks.stairway;

import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.internal.DriverManagerDataSource;
import dev.retort.runtime.ops.Operations;
import dev.retort.test.RetortTests;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.DynamicTest;

/**
 * Issue #11's benchmark: the test kit's stairway (every revision upgraded, downgraded with a
 * no-trace schema comparison, and upgraded again, then the snapshot-free base → head cycle) over
 * histories of N revisions on SQLite files, in seconds per revision. Each revision creates one
 * table, {@code CREATE TABLE t<i> (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)}, and its
 * downgrade drops it, so the schema the kit reads after each step grows with the history: the
 * figures show what that costs.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.retort.benchmarks.stairway.StairwayBenchmark [n,n,...] [runs] [url-parameters | postgresql]
 * </pre>
 *
 * <p>With {@code postgresql} as the third argument the same runs go to an embedded PostgreSQL
 * server (zonky, started once), a new database per run.
 *
 * <p>Retort's log is set to WARNING: three INFO lines a step through JUL's console would be
 * measured otherwise, which the kit does not control.
 */
public final class StairwayBenchmark {
  // Held, not only configured: java.util.logging keeps loggers weakly, and a collected one loses
  // its level (embedded PostgreSQL's start-up allocates enough to make that happen).
  private static final Logger RETORT_LOG = Logger.getLogger("dev.retort");
  private static String query = "";
  private static EmbeddedPostgres postgres;

  private StairwayBenchmark() {}

  public static void main(String[] args) throws Throwable {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "100,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    // Optional URL parameters for the test databases, e.g. "synchronous=OFF": a test database
    // need not survive a power cut, and SQLite's fsync at each commit is most of the cost.
    if (args.length > 2 && args[2].equals("postgresql")) {
      postgres = EmbeddedPostgres.builder().start();
    } else {
      query = args.length > 2 ? "?" + args[2] : "";
    }
    RETORT_LOG.setLevel(Level.WARNING);
    Path dir = Files.createTempDirectory("retort-stairway-bench");
    stairway(dir, 50, "warm-up"); // class loading and JIT, uncounted
    System.out.println(
        "| revisions | run | kit tests | kit seconds | kit s/revision"
            + " | one upgrade base → head, s/revision | kit ÷ upgrade |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (int n : sizes) {
      double[] seconds = new double[runs];
      double[] upgrades = new double[runs];
      for (int run = 0; run < runs; run++) {
        // The reference: the same revisions applied by one upgrade("head"), on a new file.
        long start = System.nanoTime();
        upgradeOnce(dir, n, n + "-" + run + "-once");
        upgrades[run] = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        int tests = stairway(dir, n, n + "-" + run);
        seconds[run] = (System.nanoTime() - start) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "| %,d | %d | %d | %.2f | %.4f | %.4f | %.1f |%n",
            n,
            run + 1,
            tests,
            seconds[run],
            seconds[run] / n,
            upgrades[run] / n,
            seconds[run] / upgrades[run]);
      }
      double median = median(seconds);
      double upgrade = median(upgrades);
      System.out.printf(
          Locale.ROOT,
          "| %,d | median | | %.2f | %.4f | %.4f | %.1f |%n",
          n,
          median,
          median / n,
          upgrade / n,
          median / upgrade);
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void upgradeOnce(Path dir, int n, String name) throws Exception {
    Retort.configure()
        .dataSource(database(dir, name))
        .registry(new ChainRegistry(n))
        .load()
        .upgrade("head");
    Files.deleteIfExists(dir.resolve(name + ".db"));
  }

  /** A new, empty database: a SQLite file in {@code dir}, or a PostgreSQL database. */
  private static DataSource database(Path dir, String name) throws Exception {
    if (postgres == null) {
      return new DriverManagerDataSource(
          "jdbc:sqlite:" + dir.resolve(name + ".db") + query, null, null);
    }
    String database = "stairway_" + name.replace('-', '_');
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return postgres.getDatabase("postgres", database);
  }

  /** Runs every dynamic test of the kit on a new SQLite file; returns how many ran. */
  private static int stairway(Path dir, int n, String name) throws Throwable {
    Retort retort =
        Retort.configure().dataSource(database(dir, name)).registry(new ChainRegistry(n)).load();
    int count = 0;
    for (DynamicTest test : RetortTests.forRetort(retort).dynamicTests().toList()) {
      test.getExecutable().execute();
      count++;
    }
    Files.deleteIfExists(dir.resolve(name + ".db"));
    return count;
  }

  /** A chain of {@code n} revisions, each creating one table; built in code, like the processor's. */
  private static final class ChainRegistry implements RevisionRegistry {
    private final List<RevisionInfo> revisions = new ArrayList<>();

    ChainRegistry(int n) {
      for (int i = 0; i < n; i++) {
        String id = String.format(Locale.ROOT, "r%05d", i);
        revisions.add(
            new RevisionInfo(
                id,
                i == 0 ? List.of() : List.of(String.format(Locale.ROOT, "r%05d", i - 1)),
                "create t" + i,
                "bench.Revision_" + id,
                true,
                true,
                null));
      }
    }

    @Override
    public List<RevisionInfo> revisions() {
      return revisions;
    }

    @Override
    public List<String> heads() {
      return List.of(revisions.get(revisions.size() - 1).id());
    }

    @Override
    public Migration create(int index) {
      return new Migration() {
        @Override
        public void upgrade(Operations op) {
          op.execute(
              "CREATE TABLE t" + index + " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)");
        }

        @Override
        public void downgrade(Operations op) {
          op.execute("DROP TABLE t" + index);
        }
      };
    }
  }
}
