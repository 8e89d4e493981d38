package dev.retort.benchmarks;

import dev.retort.benchmarks.child.FloorChild;
import dev.retort.benchmarks.child.RetortChild;
import dev.retort.benchmarks.child.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue #10's start-up entry for the command line: {@code retort current} on a database at head,
 * whole process, against the plain-JDBC floor of the start-up benchmark (a JVM that opens a
 * connection and reads the version table) in the same run, on SQLite and embedded PostgreSQL. The
 * library's own start-up ({@link RetortChild} {@code startup}) runs beside them as a reference,
 * so that the CLI's own share (picocli, the commands layer) shows. Then one more CLI run with
 * {@code -Xlog:class+load} counts the revision classes it loads: at head it must be none.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.retort.benchmarks.CliStartupBenchmark [ns] [runs] [dbs]
 * </pre>
 *
 * <p>Defaults: {@code 1000 7 sqlite,postgres}. Every run is a fresh JVM; wall time is measured
 * here from starting the process to its exit, CPU time (user + system) and peak RSS by GNU {@code
 * /usr/bin/time} around each process alike (left out where it is missing). Writes {@code
 * benchmarks/RESULTS-cli.md} when run from the repository root.
 */
public final class CliStartupBenchmark {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");
  private static final String CLI_MAIN = "dev.retort.cli.RetortCli";

  /** What one run starts. */
  private enum Variant {
    FLOOR("plain JDBC: connect, read the version table (floor)"),
    CLI("`retort current` (CLI)"),
    LIBRARY("`Retort...load().upgrade(\"head\")` in an application (reference)"),
    /** The CLI's own start: picocli's model of every command, no database. */
    VERSION("`retort --version`: the CLI without a database (reference)"),
    EMPTY("empty JVM (reference)");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /** One finished run, measured from outside. */
  private record Run(long wallNanos, long cpuMillis, long rssKb) {}

  private CliStartupBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> ns =
        Arrays.stream((args.length > 0 ? args[0] : "1000").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    List<String> dbs = List.of((args.length > 2 ? args[2] : "sqlite,postgres").split(","));
    String loadBefore = Machine.loadAverage();

    Path work = Files.createTempDirectory("retort-cli-bench");
    Toolchain toolchain = Toolchain.locate().snapshot(work.resolve("toolchain"));
    Path logs = work.resolve("logs");
    Compilation compilation = new Compilation(toolchain, logs, work);
    Map<Integer, Workload> workloads = new java.util.TreeMap<>();
    for (int n : ns) {
      Workload workload = Workload.write(work.resolve("n" + n), n);
      Progress.log("N=%d compiling the revisions with the Retort processor", n);
      compilation.compile(workload, workload.classes(), true, "prepare-" + n);
      workloads.put(n, workload);
    }

    StringBuilder table = new StringBuilder();
    StringBuilder classes = new StringBuilder();
    List<String> versions = new ArrayList<>();
    for (String key : dbs) {
      try (Database database = Database.open(key, work)) {
        versions.add(database.label() + " " + database.version());
        for (Workload workload : workloads.values()) {
          measure(toolchain, database, workload, runs, logs, table, classes);
        }
      }
    }
    String report = report(ns, runs, dbs, versions, table, classes, loadBefore, toolchain);
    System.out.print(report);
    Path out = Path.of("benchmarks", "RESULTS-cli.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, report);
      System.err.println("wrote " + out);
    }
    Compilation.deleteTree(work);
  }

  private static void measure(
      Toolchain toolchain,
      Database database,
      Workload workload,
      int runs,
      Path logs,
      StringBuilder table,
      StringBuilder classes)
      throws Exception {
    int n = workload.n();
    // Each side on its own database at head, as in the start-up benchmark: the floor's written by
    // the floor, Retort's by Retort (both hold the same N tables).
    Database.Target floor = database.create("cli_floor_" + n);
    Database.Target retort = database.create("cli_retort_" + n);
    try {
      prepare(toolchain, database, Variant.FLOOR, floor, workload, logs);
      prepare(toolchain, database, Variant.LIBRARY, retort, workload, logs);

      Map<Variant, List<Run>> samples = new EnumMap<>(Variant.class);
      List<Variant> variants = List.of(Variant.values());
      for (int run = 1; run <= runs; run++) {
        for (int i = 0; i < variants.size(); i++) {
          // Rotate which goes first, so that none always meets a colder cache.
          Variant variant = variants.get((i + run - 1) % variants.size());
          Run r =
              run(toolchain, database, variant, variant == Variant.FLOOR ? floor : retort,
                  workload, logs, List.of(), run);
          samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
          Progress.log(
              "%s N=%d run %d/%d %-8s process %s, cpu %d ms, %d MB",
              database.key(),
              n,
              run,
              runs,
              variant,
              Progress.millis(r.wallNanos()),
              r.cpuMillis(),
              r.rssKb() / 1024);
        }
      }
      check(database, floor, retort, n);

      long floorWall = median(samples.get(Variant.FLOOR), Run::wallNanos);
      for (Variant variant : variants) {
        List<Run> rs = samples.get(variant);
        long wall = median(rs, Run::wallNanos);
        long cpu = median(rs, Run::cpuMillis);
        long rss = median(rs, Run::rssKb);
        table.append(
            String.format(
                Locale.ROOT,
                "| %s | %,d | %s | %.0f ms (%.0f–%.0f) | %.2f× | %s | %s |%n",
                database.label(),
                n,
                variant.label,
                wall / 1e6,
                rs.stream().mapToLong(Run::wallNanos).min().orElseThrow() / 1e6,
                rs.stream().mapToLong(Run::wallNanos).max().orElseThrow() / 1e6,
                (double) wall / floorWall,
                cpu < 0 ? "–" : cpu + " ms",
                rss < 0 ? "–" : String.format(Locale.ROOT, "%.0f MiB", rss / 1024.0)));
      }
      classes.append(classLoading(toolchain, database, floor, retort, workload, logs));
    } finally {
      database.drop(floor);
      database.drop(retort);
    }
  }

  /** Brings {@code target} to head with the floor's or Retort's own apply, untimed. */
  private static void prepare(
      Toolchain toolchain,
      Database database,
      Variant variant,
      Database.Target target,
      Workload workload,
      Path logs)
      throws Exception {
    Tool tool = variant == Variant.FLOOR ? Tool.FLOOR : Tool.RETORT;
    Child.Measurement m =
        Child.run(
            toolchain.java(),
            tool.jvmOptions(),
            toolchain.classPath(tool, database.key(), extra(tool, workload)),
            tool.mainClass(),
            childArgs("apply", target, workload.n()),
            logs,
            String.join("-", database.key(), "apply", tool.key(), "n" + workload.n()));
    Progress.log(
        "%s N=%d brought a database to head with %s (untimed: %s)",
        database.key(),
        workload.n(),
        tool.label(),
        Progress.millis(m.callNanos()));
  }

  private static List<Path> extra(Tool tool, Workload workload) {
    return tool == Tool.RETORT ? List.of(workload.classes()) : List.of();
  }

  private static List<String> childArgs(String mode, Database.Target target, int n) {
    return List.of(
        mode,
        target.url(),
        target.user() == null ? "-" : target.user(),
        target.password() == null ? "-" : target.password(),
        Integer.toString(n));
  }

  /** The whole command line of one variant's process, JVM options included. */
  private static List<String> command(
      Toolchain toolchain,
      Database database,
      Variant variant,
      Database.Target target,
      Workload workload,
      List<String> jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(toolchain.java().toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    switch (variant) {
      case FLOOR -> {
        command.add(toolchain.classPath(Tool.FLOOR, database.key(), List.of()));
        command.add(FloorChild.class.getName());
        command.addAll(childArgs("startup", target, workload.n()));
      }
      case LIBRARY -> {
        command.add(
            toolchain.classPath(Tool.RETORT, database.key(), List.of(workload.classes())));
        command.add(RetortChild.class.getName());
        command.addAll(childArgs("startup", target, workload.n()));
      }
      case EMPTY -> {
        command.add(toolchain.classPath(Tool.EMPTY, database.key(), List.of()));
        command.add(Tool.EMPTY.mainClass());
      }
      case VERSION -> {
        command.add(toolchain.cliClassPath(database.key(), List.of(workload.classes())));
        command.add(CLI_MAIN);
        command.add("--version");
      }
      case CLI -> {
        command.add(toolchain.cliClassPath(database.key(), List.of(workload.classes())));
        command.add(CLI_MAIN);
        command.add("current");
        command.add("--url");
        command.add(target.url());
        if (target.user() != null) {
          command.add("--user");
          command.add(target.user());
        }
      }
    }
    return command;
  }

  /**
   * One process, timed from outside; GNU time (where present) adds its CPU time and peak RSS. The
   * process must succeed, and the CLI's output must name N's revision and {@code (head)}.
   */
  private static Run run(
      Toolchain toolchain,
      Database database,
      Variant variant,
      Database.Target target,
      Workload workload,
      Path logs,
      List<String> jvmOptions,
      int run)
      throws IOException, InterruptedException {
    String label = String.join("-", database.key(), variant.name(), "n" + workload.n(), "r" + run);
    List<String> command = command(toolchain, database, variant, target, workload, jvmOptions);
    Path rusage = logs.resolve(label + ".time");
    List<String> wrapped = new ArrayList<>();
    if (Files.isExecutable(GNU_TIME)) {
      wrapped.addAll(List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", rusage.toString()));
    }
    wrapped.addAll(command);
    Child.Process process = Child.start(wrapped, logs, label);
    String out = Files.readString(process.out(), StandardCharsets.ISO_8859_1);
    boolean ok =
        process.exit() == 0
            && (variant != Variant.CLI
                || (out.contains(Schema.id(workload.n())) && out.contains("(head)")));
    if (!ok) {
      throw new IllegalStateException(
          label
              + ": exited with "
              + process.exit()
              + "\n  command: "
              + String.join(" ", command)
              + "\n  stdout:\n"
              + out
              + "\n  stderr (last lines of "
              + process.err()
              + "):\n"
              + Child.tail(process.err(), 25));
    }
    long cpu = -1;
    long rss = -1;
    if (Files.isRegularFile(rusage)) {
      List<String> lines = Files.readAllLines(rusage);
      String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
      cpu = Math.round((Double.parseDouble(fields[0]) + Double.parseDouble(fields[1])) * 1000);
      rss = Long.parseLong(fields[2]);
      Files.delete(rusage);
    }
    Files.delete(process.out());
    Files.delete(process.err());
    return new Run(process.wallNanos(), cpu, rss);
  }

  /** Start-up must have changed nothing: both databases still hold N tables at N's revision. */
  private static void check(
      Database database, Database.Target floor, Database.Target retort, int n) throws Exception {
    String floorVersion = floor.query("SELECT version_num FROM " + Schema.FLOOR_VERSION_TABLE);
    String retortVersion = retort.query("SELECT version_num FROM retort_version");
    if (database.benchmarkTables(floor) != n
        || database.benchmarkTables(retort) != n
        || !Schema.id(n).equals(floorVersion)
        || !Schema.id(n).equals(retortVersion)) {
      throw new IllegalStateException(
          "after the runs: floor at " + floorVersion + ", Retort at " + retortVersion
              + ", expected " + Schema.id(n) + " and " + n + " tables each");
    }
  }

  /**
   * One more run each of the floor and the CLI with {@code -Xlog:class+load} (untimed): all
   * classes loaded, and the CLI's from the revisions' package besides the registry, which must be
   * none. Returns the table row.
   */
  private static String classLoading(
      Toolchain toolchain,
      Database database,
      Database.Target floor,
      Database.Target retort,
      Workload workload,
      Path logs)
      throws IOException, InterruptedException {
    int[] floorCounts = countClasses(toolchain, database, Variant.FLOOR, floor, workload, logs);
    int[] cliCounts = countClasses(toolchain, database, Variant.CLI, retort, workload, logs);
    if (cliCounts[1] != 0) {
      throw new IllegalStateException(
          "retort current at head loaded "
              + cliCounts[1]
              + " revision classes on "
              + database.label()
              + " at N = "
              + workload.n()
              + "; it must load none");
    }
    Progress.log(
        "%s N=%d CLI loaded %d revision classes, %d classes in all (floor %d)",
        database.key(),
        workload.n(),
        cliCounts[1],
        cliCounts[0],
        floorCounts[0]);
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %d | %d | %d | %d |%n",
        database.label(),
        workload.n(),
        cliCounts[1],
        cliCounts[2],
        cliCounts[0],
        floorCounts[0]);
  }

  /** {all classes, revision classes, registry classes} loaded by one run of {@code variant}. */
  private static int[] countClasses(
      Toolchain toolchain,
      Database database,
      Variant variant,
      Database.Target target,
      Workload workload,
      Path logs)
      throws IOException, InterruptedException {
    Path log =
        logs.resolve("class-load-" + database.key() + "-" + variant + "-" + workload.n() + ".log");
    Files.deleteIfExists(log);
    run(
        toolchain,
        database,
        variant,
        target,
        workload,
        logs,
        List.of("-Xlog:class+load=info:file=" + log),
        0);
    String prefix = Schema.REVISIONS_PACKAGE + ".";
    int total = 0;
    int revisions = 0;
    int registry = 0;
    for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
      // [0.123s][info][class,load] bench.revisions.RetortRegistry source: file:/...
      int tag = line.indexOf("[class,load] ");
      if (tag < 0) {
        continue;
      }
      total++;
      String name = line.substring(tag + "[class,load] ".length()).split(" ")[0];
      if (name.startsWith(prefix + "RetortRegistry")) {
        registry++;
      } else if (name.startsWith(prefix)) {
        revisions++;
      }
    }
    Files.delete(log);
    return new int[] {total, revisions, registry};
  }

  private static String report(
      List<Integer> ns,
      int runs,
      List<String> dbs,
      List<String> versions,
      StringBuilder table,
      StringBuilder classes,
      String loadBefore,
      Toolchain toolchain) {
    String ns0 = String.join(",", ns.stream().map(String::valueOf).toList());
    return String.format(
        Locale.ROOT,
        "# Start-up of the CLI: `retort current` at head%n%n"
            + "Generated by `java -cp benchmarks/target/benchmarks.jar"
            + " dev.retort.benchmarks.CliStartupBenchmark %s %d %s` on %s (Retort %s), after"
            + " `mvn -q -Pbenchmarks -pl benchmarks -am package -DskipTests`.%n%n"
            + "| machine | |%n| --- | --- |%n| CPU | %s |%n| memory | %s |%n| JDK | %s |%n"
            + "| OS | %s |%n| databases | %s |%n| load average | %s at start, %s at end |%n%n"
            + "One chain of N revisions (revision i creates table t<i>), compiled with the real"
            + " processor; one database brought to head by plain JDBC for the floor, one by"
            + " Retort for the CLI and the library. Then %d runs of each, interleaved (run r"
            + " starts with the r-th), every run a fresh JVM with default options; medians, the"
            + " wall-time range in brackets. Wall time is the whole process, measured by the"
            + " runner from starting it to its exit; CPU (user + system) and peak RSS come from"
            + " GNU time around each process alike. × floor is the median over the floor's"
            + " median in the same run.%n%n"
            + "- **floor**: `FloorChild startup`, a JVM with the JDBC driver that opens a"
            + " connection and reads the one-row version table (the start-up benchmark's"
            + " floor).%n"
            + "- **CLI**: `java -cp <retort-cli, retort-commands, picocli, javapoet,"
            + " retort-runtime, retort-annotations, JDBC driver, compiled revisions>"
            + " dev.retort.cli.RetortCli current --url <url> [--user postgres]`; every run's"
            + " output is checked for N's revision id and `(head)`.%n"
            + "- **library** (reference): `RetortChild startup`, an application's"
            + " `Retort.configure().dataSource(...).load().upgrade(\"head\")` with nothing to"
            + " do, the start-up benchmark's Retort row.%n"
            + "- **`retort --version`** (reference): the CLI's class path and"
            + " `dev.retort.cli.RetortCli --version`, no database: what starting the CLI costs"
            + " before any command runs (picocli builds the model of every command from its"
            + " annotations).%n"
            + "- **empty JVM** (reference): `EmptyChild`, a JVM that starts and exits.%n%n"
            + "| database | N | process | wall time | × floor | CPU | peak RSS |%n"
            + "| --- | ---: | --- | ---: | ---: | ---: | ---: |%n%s%n"
            + "## Classes loaded%n%n"
            + "One more run of the CLI and of the floor each with `-Xlog:class+load` (untimed)."
            + " The benchmark fails if the CLI loads any class of the revisions' package other"
            + " than the generated registry.%n%n"
            + "| database | N | revision classes loaded by the CLI | registry classes | all"
            + " classes, CLI | all classes, floor |%n| --- | ---: | ---: | ---: | ---: | ---: |%n"
            + "%s",
        ns0,
        runs,
        String.join(",", dbs),
        LocalDate.now(),
        Machine.retortBuild(toolchain.moduleDirectory().getParent()),
        Machine.cpu(),
        Machine.memory(),
        Machine.jdk(),
        Machine.os(),
        String.join(", ", versions),
        loadBefore,
        Machine.loadAverage(),
        runs,
        table,
        classes);
  }

  private static long median(List<Run> runs, java.util.function.ToLongFunction<Run> value) {
    long[] sorted = runs.stream().mapToLong(value).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
