package dev.retort.benchmarks;

import dev.retort.benchmarks.child.FloorChild;
import dev.retort.benchmarks.child.RetortChild;
import dev.retort.benchmarks.child.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Issue #15's comparison: applying N revisions (each one CREATE TABLE) to a new database, with
 * wall time, CPU time and peak RSS of each child process, against the plain-JDBC loop of apply-N
 * in the same run: the loop with one INFO line per revision through JUL's defaults (what the line
 * alone costs), Retort with default logging, Retort with its logging off, and Alembic (where the
 * system Python has it), on SQLite and embedded PostgreSQL.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.retort.benchmarks.ApplyComparison [ns] [runs] [dbs]
 * </pre>
 *
 * <p>Defaults: {@code 1000,10000 5,1 sqlite,postgres}: runs per N in the order of the Ns. Every run
 * is a fresh process on a new database; the variants are interleaved (round r starts with the r-th).
 * Wall time is measured here from starting the process to its exit; CPU time (user + system, all
 * threads: the JIT compilers' too) and peak RSS come from GNU {@code /usr/bin/time} around each
 * process alike. Ratios are medians of the per-round ratios to the floor of the same round, so that
 * drift in machine load cancels. Writes {@code benchmarks/RESULTS-apply.md} when run from the
 * repository root.
 */
public final class ApplyComparison {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  /** What one run starts. */
  private enum Variant {
    FLOOR("plain JDBC loop (floor)"),
    FLOOR_LOGGED("plain JDBC loop, one INFO line per revision"),
    RETORT("Retort, default logging"),
    RETORT_QUIET("Retort, logging off"),
    ALEMBIC("Alembic, default logging");

    final String label;

    Variant(String label) {
      this.label = label;
    }
  }

  /** One finished run: wall time from outside, the child's own call time, CPU and peak RSS. */
  private record Run(long wallNanos, long callNanos, long cpuMillis, long rssKb) {}

  /** What growth is judged on at one N: Retort's wall ratio, its and the loop's ms a revision. */
  private record Growth(double ratio, double retortMs, double floorMs) {}

  private ApplyComparison() {}

  public static void main(String[] args) throws Exception {
    List<Integer> ns = ints(args.length > 0 ? args[0] : "1000,10000");
    List<Integer> runsPerN = ints(args.length > 1 ? args[1] : "5,1");
    List<String> dbs = List.of((args.length > 2 ? args[2] : "sqlite,postgres").split(","));
    if (!Files.isExecutable(GNU_TIME)) {
      throw new IllegalStateException(GNU_TIME + " is missing: it measures CPU time and peak RSS");
    }
    boolean alembic = AlembicProject.available();
    List<Variant> variants = new ArrayList<>(List.of(Variant.values()));
    if (!alembic) {
      variants.remove(Variant.ALEMBIC);
      Progress.log(
          "Alembic left out: %s cannot import alembic, sqlalchemy and psycopg2"
              + " (apt-get install python3-alembic python3-psycopg2)",
          AlembicProject.PYTHON);
    }
    String started = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .format(Instant.now().atOffset(ZoneOffset.UTC));
    String loadBefore = Machine.loadAverage();
    Machine.LoadSampler load = new Machine.LoadSampler().start();
    long began = System.nanoTime();

    Path work = Files.createTempDirectory("retort-apply-bench");
    Toolchain toolchain = Toolchain.locate().snapshot(work.resolve("toolchain"));
    Path logs = work.resolve("logs");
    Path quietLogging = work.resolve("logging-off.properties");
    // The JDK's own logging.properties, with Retort's logger off.
    Files.writeString(
        quietLogging,
        "handlers = java.util.logging.ConsoleHandler\n.level = INFO\n"
            + "java.util.logging.ConsoleHandler.level = INFO\n"
            + "java.util.logging.ConsoleHandler.formatter = java.util.logging.SimpleFormatter\n"
            + "dev.retort.level = OFF\n");
    Compilation compilation = new Compilation(toolchain, logs, work);

    StringBuilder tables = new StringBuilder();
    List<String> targets = new ArrayList<>();
    List<String> shares = new ArrayList<>();
    List<String> versions = new ArrayList<>();
    Map<String, Map<Integer, Growth>> growth = new java.util.TreeMap<>();
    for (int k = 0; k < ns.size(); k++) {
      int n = ns.get(k);
      int runs = runsPerN.get(Math.min(k, runsPerN.size() - 1));
      Path root = work.resolve("n" + n);
      Workload workload = Workload.write(root, n);
      AlembicProject project = alembic ? AlembicProject.write(root.resolve("alembic"), n) : null;
      Progress.log("N=%d compiling the revisions with the Retort processor", n);
      compilation.compile(workload, workload.classes(), true, "prepare-" + n);
      for (String key : dbs) {
        try (Database database = Database.open(key, work)) {
          if (k == 0) {
            versions.add(database.label() + " " + database.version());
          }
          Map<Variant, List<Run>> samples = new EnumMap<>(Variant.class);
          for (int run = 1; run <= runs; run++) {
            for (int i = 0; i < variants.size(); i++) {
              Variant variant = variants.get((i + run - 1) % variants.size());
              Run r =
                  run(toolchain, database, variant, workload, project, quietLogging, logs, run);
              samples.computeIfAbsent(variant, v -> new ArrayList<>()).add(r);
              Progress.log(
                  "%s N=%d run %d/%d %-12s call %s, process %s, cpu %d ms, %d MiB",
                  key, n, run, runs, variant, Progress.millis(r.callNanos()),
                  Progress.millis(r.wallNanos()), r.cpuMillis(), r.rssKb() / 1024);
            }
          }
          tables.append(table(database, n, runs, variants, samples));
          targets.addAll(targets(database, n, variants, samples));
          shares.addAll(shares(database, n, variants, samples));
          growth
              .computeIfAbsent(database.label(), d -> new java.util.TreeMap<>())
              .put(n, new Growth(
                  ratio(samples, Variant.RETORT, Run::wallNanos),
                  median(samples.get(Variant.RETORT), Run::wallNanos) / 1e6 / n,
                  median(samples.get(Variant.FLOOR), Run::wallNanos) / 1e6 / n));
        }
      }
      // Written after every N, so that a long run leaves the figures it has so far.
      write(ns, runsPerN, dbs, versions, alembic, tables, targets, shares, growth, started,
          loadBefore, load, began, toolchain);
    }
    if (Boolean.getBoolean("retort.bench.keep")) {
      // For profiling a child by hand: the compiled revisions and the toolchain stay.
      Progress.log("kept the work directory %s", work);
    } else {
      Compilation.deleteTree(work);
    }
  }

  private static void write(
      List<Integer> ns, List<Integer> runsPerN, List<String> dbs, List<String> versions,
      boolean alembic, StringBuilder tables, List<String> targets1000, List<String> shares,
      Map<String, Map<Integer, Growth>> growth, String started, String loadBefore,
      Machine.LoadSampler load, long began, Toolchain toolchain)
      throws IOException, InterruptedException {
    List<String> targets = new ArrayList<>(targets1000);
    for (Map.Entry<String, Map<Integer, Growth>> e : growth.entrySet()) {
      if (e.getValue().size() > 1) {
        // Linear growth: Retort's extra time per revision over the loop does not grow with the
        // history. Its own time per revision also moves with the database's (SQLite's grows with
        // the schema), and its ratio with the loop's JIT warm-up, so both are shown beside it.
        List<Integer> sorted = new ArrayList<>(e.getValue().keySet());
        int small = sorted.get(0);
        int large = sorted.get(sorted.size() - 1);
        Growth first = e.getValue().get(small);
        Growth last = e.getValue().get(large);
        double extraSmall = first.retortMs() - first.floorMs();
        double extraLarge = last.retortMs() - last.floorMs();
        targets.add(
            String.format(
                Locale.ROOT,
                "| growth to N = %,d linear (%s): Retort's extra wall time per revision over the"
                    + " loop at the largest N at most 5%% above the smallest | %+.2f ms at %,d,"
                    + " %+.2f ms at %,d (per revision: Retort %.2f → %.2f ms, the loop %.2f →"
                    + " %.2f ms; ratio %.2f× → %.2f×) | %s |",
                large, e.getKey(), extraSmall, small, extraLarge, large,
                first.retortMs(), last.retortMs(), first.floorMs(), last.floorMs(),
                first.ratio(), last.ratio(),
                extraLarge <= extraSmall * 1.05 ? "met" : "**missed**"));
      }
    }
    String report =
        report(ns, runsPerN, dbs, versions, alembic ? AlembicProject.version() : null, tables,
            targets, shares, started, loadBefore, load.summary(), System.nanoTime() - began,
            toolchain);
    Path out = Path.of("benchmarks", "RESULTS-apply.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, report);
      Progress.log("wrote %s", out);
    } else {
      System.out.print(report);
    }
  }

  private static List<Integer> ints(String text) {
    return Arrays.stream(text.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  /**
   * One run of {@code variant} on a new database, checked afterwards (untimed): N tables and the
   * tool's version row at revision N.
   */
  private static Run run(
      Toolchain toolchain,
      Database database,
      Variant variant,
      Workload workload,
      AlembicProject project,
      Path quietLogging,
      Path logs,
      int run)
      throws Exception {
    int n = workload.n();
    String label = String.join("-", database.key(), variant.name(), "n" + n, "r" + run);
    Database.Target target = database.create("apply_" + variant.name().toLowerCase(Locale.ROOT));
    try {
      List<String> command = new ArrayList<>();
      if (variant == Variant.ALEMBIC) {
        command.addAll(project.command(target));
      } else {
        Tool tool =
            variant == Variant.FLOOR || variant == Variant.FLOOR_LOGGED ? Tool.FLOOR : Tool.RETORT;
        command.add(toolchain.java().toString());
        if (variant == Variant.RETORT_QUIET) {
          command.add("-Djava.util.logging.config.file=" + quietLogging);
        }
        command.add("-cp");
        command.add(
            toolchain.classPath(
                tool,
                database.key(),
                tool == Tool.RETORT ? List.of(workload.classes()) : List.of()));
        command.add(tool == Tool.FLOOR ? FloorChild.class.getName() : RetortChild.class.getName());
        command.addAll(
            List.of(
                variant == Variant.FLOOR_LOGGED ? "apply-logged" : "apply",
                target.url(),
                target.user() == null ? "-" : target.user(),
                target.password() == null ? "-" : target.password(),
                Integer.toString(n)));
      }
      Path rusage = logs.resolve(label + ".time");
      Files.createDirectories(logs);
      List<String> wrapped = new ArrayList<>(
          List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", rusage.toString()));
      wrapped.addAll(command);
      Child.Process process = Child.start(wrapped, logs, label);
      String report =
          Files.readAllLines(process.out(), StandardCharsets.ISO_8859_1).stream()
              .filter(l -> l.startsWith("BENCH "))
              .findFirst()
              .orElse(null);
      if (process.exit() != 0 || report == null) {
        throw new IllegalStateException(
            label + ": exited with " + process.exit() + (report == null ? " and no report" : "")
                + "\n  command: " + String.join(" ", command)
                + "\n  stderr (last lines of " + process.err() + "):\n"
                + Child.tail(process.err(), 25));
      }
      check(database, variant, target, n);
      long call = Long.parseLong(report.replaceAll(".*callNanos=(\\d+).*", "$1"));
      List<String> lines = Files.readAllLines(rusage);
      String[] fields = lines.get(lines.size() - 1).trim().split("\\s+");
      long cpu = Math.round((Double.parseDouble(fields[0]) + Double.parseDouble(fields[1])) * 1000);
      long rss = Long.parseLong(fields[2]);
      Files.delete(rusage);
      Files.delete(process.out());
      Files.delete(process.err());
      return new Run(process.wallNanos(), call, cpu, rss);
    } finally {
      database.drop(target);
    }
  }

  /** The tool did the work: N tables, and its version table at revision N. */
  private static void check(Database database, Variant variant, Database.Target target, int n)
      throws Exception {
    String table = switch (variant) {
      case FLOOR, FLOOR_LOGGED -> Schema.FLOOR_VERSION_TABLE;
      case RETORT, RETORT_QUIET -> "retort_version";
      case ALEMBIC -> "alembic_version";
    };
    int tables = database.benchmarkTables(target);
    String version = target.query("SELECT version_num FROM " + table);
    if (tables != n || !Schema.id(n).equals(version)) {
      throw new IllegalStateException(
          variant + " on " + database.label() + ": " + tables + " tables and " + table
              + " at " + version + ", expected " + n + " and " + Schema.id(n));
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  }

  private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    return median(runs.stream().mapToDouble(value).toArray());
  }

  /** The median over rounds of {@code variant}'s value over the floor's in the same round. */
  private static double ratio(
      Map<Variant, List<Run>> samples, Variant variant, ToDoubleFunction<Run> value) {
    return ratio(samples, variant, Variant.FLOOR, value);
  }

  /** The median over rounds of {@code variant}'s value over {@code base}'s in the same round. */
  private static double ratio(
      Map<Variant, List<Run>> samples, Variant variant, Variant base,
      ToDoubleFunction<Run> value) {
    List<Run> floor = samples.get(base);
    List<Run> runs = samples.get(variant);
    double[] ratios = new double[runs.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = value.applyAsDouble(runs.get(i)) / value.applyAsDouble(floor.get(i));
    }
    return median(ratios);
  }

  /** The median over rounds of {@code variant}'s CPU time over the floor's, per revision, in ms. */
  private static double extraCpuPerRevision(
      Map<Variant, List<Run>> samples, Variant variant, int n) {
    return extraCpuPerRevision(samples, variant, Variant.FLOOR, n);
  }

  /** The median over rounds of {@code variant}'s CPU time over {@code base}'s, per revision. */
  private static double extraCpuPerRevision(
      Map<Variant, List<Run>> samples, Variant variant, Variant base, int n) {
    List<Run> floor = samples.get(base);
    List<Run> runs = samples.get(variant);
    double[] extra = new double[runs.size()];
    for (int i = 0; i < extra.length; i++) {
      extra[i] = (runs.get(i).cpuMillis() - floor.get(i).cpuMillis()) / (double) n;
    }
    return median(extra);
  }

  private static String table(
      Database database, int n, int runs, List<Variant> variants,
      Map<Variant, List<Run>> samples) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "### %s, N = %,d (%d run%s)%n%n",
        database.label(), n, runs, runs == 1 ? "" : "s"));
    out.append("| tool | process wall | × floor | in the call | × floor | CPU (user + sys)"
        + " | extra CPU per revision | peak RSS | over floor |\n");
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    double floorRss = median(samples.get(Variant.FLOOR), Run::rssKb);
    for (Variant variant : variants) {
      List<Run> rs = samples.get(variant);
      double rss = median(rs, Run::rssKb);
      out.append(String.format(Locale.ROOT,
          "| %s | %.2f s | %.2f× | %.2f s | %.2f× | %.2f s | %s | %.0f MiB | %s |%n",
          variant.label,
          median(rs, Run::wallNanos) / 1e9,
          ratio(samples, variant, Run::wallNanos),
          median(rs, Run::callNanos) / 1e9,
          ratio(samples, variant, Run::callNanos),
          median(rs, Run::cpuMillis) / 1e3,
          variant == Variant.FLOOR ? "–"
              : String.format(Locale.ROOT, "%+.2f ms", extraCpuPerRevision(samples, variant, n)),
          rss / 1024,
          variant == Variant.FLOOR ? "–"
              : String.format(Locale.ROOT, "%+.0f MiB", (rss - floorRss) / 1024)));
    }
    return out.append('\n').toString();
  }

  /** The targets at N = 1,000 (apply-1,000), judged on this run's figures. */
  private static List<String> targets(
      Database database, int n, List<Variant> variants, Map<Variant, List<Run>> samples) {
    if (n != 1000) {
      return List.of();
    }
    List<String> rows = new ArrayList<>();
    String db = database.label();
    double wall = ratio(samples, Variant.RETORT, Run::wallNanos);
    rows.add(String.format(Locale.ROOT,
        "| apply-1,000 wall ≤ 1.20× the loop, default logging (%s) | %.2f× (in the call %.2f×)"
            + " | %s |",
        db, wall, ratio(samples, Variant.RETORT, Run::callNanos),
        wall <= 1.20 ? "met" : "**missed**"));
    if (variants.contains(Variant.ALEMBIC)) {
      double alembic = ratio(samples, Variant.ALEMBIC, Run::wallNanos);
      rows.add(String.format(Locale.ROOT,
          "| below Alembic's ratio (%s) | Retort %.2f×, Alembic %.2f× | %s |",
          db, wall, alembic, wall < alembic ? "met" : "**missed**"));
    }
    double cpu = extraCpuPerRevision(samples, Variant.RETORT, n);
    rows.add(String.format(Locale.ROOT,
        "| extra CPU per revision ≤ 0.5 ms, default logging (%s) | %+.2f ms (logging off %+.2f ms)"
            + " | %s |",
        db, cpu, extraCpuPerRevision(samples, Variant.RETORT_QUIET, n),
        cpu <= 0.5 ? "met" : "**missed**"));
    double rss = median(samples.get(Variant.RETORT), Run::rssKb) / 1024;
    double floorRss = median(samples.get(Variant.FLOOR), Run::rssKb) / 1024;
    rows.add(String.format(Locale.ROOT,
        "| peak RSS ≤ the loop's + 25 MiB (%s) | %.0f MiB against %.0f MiB (%+.0f MiB) | %s |",
        db, rss, floorRss, rss - floorRss, rss <= floorRss + 25 ? "met" : "**missed**"));
    return rows;
  }

  /**
   * The targets' three budgets (wall 1.20×, 0.5 ms of CPU a revision, 25 MiB) applied to the two
   * parts of Retort's extra at N = 1,000: the INFO line's backend alone (the loop with the line
   * against the loop), and the rest (Retort against the loop that logs the same line; Retort with
   * its logger off against the loop).
   */
  private static List<String> shares(
      Database database, int n, List<Variant> variants, Map<Variant, List<Run>> samples) {
    if (n != 1000 || !variants.contains(Variant.FLOOR_LOGGED)) {
      return List.of();
    }
    return List.of(
        share(database, n, samples, Variant.FLOOR_LOGGED, Variant.FLOOR,
            "the loop with one INFO line per revision, against the loop: the line alone"),
        share(database, n, samples, Variant.RETORT, Variant.FLOOR_LOGGED,
            "Retort, default logging, against the loop with the same line: Retort's own"),
        share(database, n, samples, Variant.RETORT_QUIET, Variant.FLOOR,
            "Retort, logging off, against the loop: Retort's own without the line"));
  }

  private static String share(
      Database database, int n, Map<Variant, List<Run>> samples, Variant variant, Variant base,
      String label) {
    double wall = ratio(samples, variant, base, Run::wallNanos);
    double cpu = extraCpuPerRevision(samples, variant, base, n);
    double rss =
        (median(samples.get(variant), Run::rssKb) - median(samples.get(base), Run::rssKb)) / 1024;
    List<String> over = new ArrayList<>();
    if (wall > 1.20) {
      over.add("wall");
    }
    if (cpu > 0.5) {
      over.add("CPU");
    }
    if (rss > 25) {
      over.add("RSS");
    }
    return String.format(Locale.ROOT, "| %s | %s | %.2f× | %+.2f ms | %+.0f MiB | %s |",
        database.label(), label, wall, cpu, rss,
        over.isEmpty() ? "within all three" : "**over: " + String.join(", ", over) + "**");
  }

  private static String report(
      List<Integer> ns, List<Integer> runs, List<String> dbs, List<String> versions,
      String alembic, StringBuilder tables, List<String> targets, List<String> shares,
      String started,
      String loadBefore, String loadDuring, long tookNanos, Toolchain toolchain) {
    StringBuilder out = new StringBuilder();
    out.append("# Applying revisions: Retort against a plain JDBC loop and Alembic (issue #15)\n\n");
    out.append(String.format(Locale.ROOT,
        "Generated by `java -cp benchmarks/target/benchmarks.jar"
            + " dev.retort.benchmarks.ApplyComparison %s %s %s` after `mvn -q -Pbenchmarks -pl"
            + " benchmarks -am package -DskipTests`; [README.md](README.md#applying-revisions"
            + "-against-alembic-issue-15) says what is measured.%n%n",
        join(ns), join(runs), String.join(",", dbs)));
    out.append("| machine | |\n| --- | --- |\n");
    out.append("| date | ").append(started).append(" |\n");
    out.append("| CPU | ").append(Machine.cpu()).append(" |\n");
    out.append("| memory | ").append(Machine.memory()).append(" |\n");
    out.append("| JDK | ").append(Machine.jdk()).append(", default JVM options |\n");
    out.append("| OS | ").append(Machine.os()).append(" |\n");
    out.append("| databases | ").append(String.join(", ", versions))
        .append(" (PostgreSQL embedded, zonky's defaults: synchronous_commit = off; SQLite's"
            + " defaults: rollback journal, synchronous = FULL) |\n");
    out.append("| Retort | ")
        .append(Machine.retortBuild(toolchain.moduleDirectory().getParent())).append(" |\n");
    out.append("| Alembic | ").append(alembic == null ? "not installed: left out" : alembic)
        .append(" |\n");
    out.append("| load average (1/5/15 min) | at start ").append(loadBefore)
        .append(", at end ").append(Machine.loadAverage()).append(" |\n");
    out.append("| 1-minute load during the run | ").append(loadDuring).append(" |\n");
    out.append(String.format(Locale.ROOT, "| duration | %d min %d s |%n%n",
        tookNanos / 60_000_000_000L, tookNanos / 1_000_000_000L % 60));
    out.append("## Targets (apply-1,000; ratios are medians of per-round ratios to the loop)\n\n");
    out.append("| target | measured | verdict |\n| --- | --- | --- |\n");
    targets.forEach(t -> out.append(t).append('\n'));
    if (!shares.isEmpty()) {
      out.append("\n## Whose the extra is (apply-1,000; the targets' budgets applied to each part)"
          + "\n\n");
      out.append("The loop with one INFO line per revision logs it as Retort does where JUL is the"
          + " backend (`Logger.logp`, the source given, so no stack walk), under the JDK's default"
          + " logging configuration: what the line alone costs any Java tool that keeps it.\n\n");
      out.append("| database | comparison | wall | extra CPU per revision | peak RSS"
          + " | against 1.20×, 0.5 ms, 25 MiB |\n| --- | --- | ---: | ---: | ---: | --- |\n");
      shares.forEach(t -> out.append(t).append('\n'));
    }
    out.append("\n## Figures\n\n");
    out.append("Medians over the runs. **process wall**: the whole process, measured by the runner"
        + " from starting it to its exit. **in the call**: the child's own time from its first"
        + " line (the floor's `getConnection`, Retort's `configure`, Alembic's imports) to the"
        + " return of the apply. **CPU**: user + system time of the whole process, all threads,"
        + " from GNU time. **extra CPU per revision**: the median over rounds of (the tool's CPU −"
        + " the loop's CPU in the same round) / N. **peak RSS**: the process's `VmHWM`, from GNU"
        + " time. × floor: the median over rounds of the tool's value over the loop's in the same"
        + " round.\n\n");
    out.append(tables);
    return out.toString();
  }

  private static String join(List<Integer> values) {
    return String.join(",", values.stream().map(String::valueOf).toList());
  }
}
