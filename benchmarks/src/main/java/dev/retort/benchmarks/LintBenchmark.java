package dev.retort.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue #13's compile benchmark: what the lock-safety rules add to a compile with the Retort
 * processor, at N revisions, against the same processor with every rule off ({@code
 * -Aretort.lint=off}), measured in the same run, the variants interleaved, each compile in a fresh
 * JVM ({@link CompileChild}). javac without processors runs beside them for scale.
 *
 * <p>Each revision {@code i} creates table {@code t<i>} with a typed {@code createTable} (an id,
 * a {@code varchar(100)} name, an integer), indexes it in the same revision (exempt, but read),
 * and changes the table of revision {@code i - 1}: a constant-default column in SQL, and a
 * {@code varchar(100)} to {@code varchar(200)} widening (no rewrite: the rule looks up the old
 * type in the graph). Every hundredth revision also indexes {@code t<i-1>} without CONCURRENTLY,
 * which the rule reports: so the rules do all their work (history, types, SQL) and report a
 * realistic few findings, not thousands. The revisions are compiled for PostgreSQL alone ({@code
 * -Aretort.dialects=postgresql}), and every rule is on, the opt-in ones included ({@code
 * -Aretort.lint=warning}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.retort.benchmarks.LintBenchmark [ns] [runs]
 * </pre>
 *
 * <p>Defaults: {@code 1000,5000 5}. Writes {@code benchmarks/RESULTS-lint.md} when run from the
 * repository root.
 */
public final class LintBenchmark {
  private static final String PACKAGE = "bench.lint";

  /** The CPU time of the last compile's thread: javac runs in the calling thread. */
  private static final long[] LAST_CPU = new long[1];

  /** The variants, in the order of the table. */
  private enum Variant {
    PLAIN("javac -proc:none (scale)", null),
    RULES_OFF("javac + Retort processor, -Aretort.lint=off (baseline)", "off"),
    RULES_ON("javac + Retort processor, every lock-safety rule on", "warning");

    final String label;
    final String severity;

    Variant(String label, String severity) {
      this.label = label;
      this.severity = severity;
    }
  }

  private LintBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<Integer> ns =
        Arrays.stream((args.length > 0 ? args[0] : "1000,5000").split(","))
            .map(String::trim)
            .map(Integer::valueOf)
            .toList();
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String loadBefore = Machine.loadAverage();
    Machine.LoadSampler sampler = new Machine.LoadSampler().start();
    long started = System.nanoTime();

    Path work = Files.createTempDirectory("retort-lint-bench");
    Toolchain toolchain = Toolchain.locate().snapshot(work.resolve("toolchain"));
    Path logs = work.resolve("logs");
    StringBuilder table = new StringBuilder();
    StringBuilder summary = new StringBuilder();
    // Warm-up, uncounted: javac's and the processor's code compiled by the JIT, on a small N.
    Path warmUp = write(work.resolve("warm-up"), 300);
    for (int round = 0; round < 2; round++) {
      for (Variant variant : Variant.values()) {
        compile(toolchain, logs, warmUp, work.resolve("out"), variant, "warm-up-" + variant + round);
      }
    }
    Progress.log("warm-up done");
    for (int n : ns) {
      Path sources = write(work.resolve("n" + n), n);
      Path output = work.resolve("out");
      Map<Variant, List<Long>> calls = new EnumMap<>(Variant.class);
      Map<Variant, List<Long>> cpus = new EnumMap<>(Variant.class);
      List<Variant> variants = List.of(Variant.values());
      for (int run = 1; run <= runs; run++) {
        for (int i = 0; i < variants.size(); i++) {
          // Rotate which goes first, so that none always follows the same one.
          Variant variant = variants.get((i + run - 1) % variants.size());
          long took =
              compile(toolchain, logs, sources, output, variant, "lint-" + n + "-" + variant + run);
          calls.computeIfAbsent(variant, v -> new ArrayList<>()).add(took);
          cpus.computeIfAbsent(variant, v -> new ArrayList<>()).add(LAST_CPU[0]);
          Progress.log(
              "lint N=%d run %d/%d %-10s javac %s, cpu %s",
              n,
              run,
              runs,
              variant,
              Progress.millis(took),
              Progress.millis(LAST_CPU[0]));
        }
      }
      long plain = median(calls.get(Variant.PLAIN));
      long off = median(calls.get(Variant.RULES_OFF));
      long on = median(calls.get(Variant.RULES_ON));
      long plainCpu = median(cpus.get(Variant.PLAIN));
      long offCpu = median(cpus.get(Variant.RULES_OFF));
      long onCpu = median(cpus.get(Variant.RULES_ON));
      for (Variant variant : variants) {
        long call = median(calls.get(variant));
        table.append(
            String.format(
                Locale.ROOT,
                "| %,d | %s | %s | %s | %.3f× | %s | %.3f× |%n",
                n,
                variant.label,
                Progress.millis(call),
                Progress.millis(min(calls.get(variant)))
                    + " – "
                    + Progress.millis(max(calls.get(variant))),
                (double) call / off,
                Progress.millis(median(cpus.get(variant))),
                (double) median(cpus.get(variant)) / offCpu));
      }
      summary.append(
          String.format(
              Locale.ROOT,
              "| %,d | wall | %s | %s | %s | %+.1f%% | %+.1f%% |%n"
                  + "| %,d | CPU | %s | %s | %s | %+.1f%% | %+.1f%% |%n",
              n,
              Progress.millis(off),
              Progress.millis(on),
              Progress.millis(on - off),
              100.0 * (on - off) / off,
              100.0 * (on - off) / plain,
              n,
              Progress.millis(offCpu),
              Progress.millis(onCpu),
              Progress.millis(onCpu - offCpu),
              100.0 * (onCpu - offCpu) / offCpu,
              100.0 * (onCpu - offCpu) / plainCpu));
    }
    String report =
        report(
            ns, runs, table, summary, loadBefore, Machine.loadAverage(), sampler.summary(),
            System.nanoTime() - started);
    System.out.print(report);
    Path out = Path.of("benchmarks", "RESULTS-lint.md");
    if (Files.isDirectory(out.getParent())) {
      Files.writeString(out, report);
      System.err.println("wrote " + out);
    }
    Compilation.deleteTree(work);
  }

  /**
   * One javac call in this JVM, which the warm-up has warmed: javac's own code is then as fast for
   * every variant, and the difference between them is the processor's. Returns the call's time.
   */
  private static long compile(
      Toolchain toolchain, Path logs, Path sources, Path output, Variant variant, String label)
      throws IOException {
    Compilation.deleteTree(output);
    Files.createDirectories(output);
    List<String> options =
        new ArrayList<>(
            List.of(
                "-d",
                output.toString(),
                "-cp",
                toolchain.revisionsClassPath(),
                "--release",
                "17",
                "-encoding",
                "UTF-8",
                "-implicit:none",
                "-Xmaxwarns",
                "10000"));
    if (variant.severity == null) {
      options.add("-proc:none");
    } else {
      options.addAll(
          List.of(
              "-processorpath",
              toolchain.processorPath(),
              "-Aretort.dialects=postgresql",
              "-Aretort.lint=" + variant.severity));
    }
    List<java.io.File> files =
        Files.readAllLines(sources).stream().filter(l -> !l.isBlank()).map(java.io.File::new)
            .toList();
    Files.createDirectories(logs);
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long cpuStarted = threads.getCurrentThreadCpuTime();
    long started = System.nanoTime();
    boolean ok;
    try (java.io.Writer log = Files.newBufferedWriter(logs.resolve(label + ".log"));
        javax.tools.StandardJavaFileManager manager =
            javac.getStandardFileManager(null, null, null)) {
      ok =
          javac
              .getTask(log, manager, null, options, null, manager.getJavaFileObjectsFromFiles(files))
              .call();
    }
    long took = System.nanoTime() - started;
    LAST_CPU[0] = threads.getCurrentThreadCpuTime() - cpuStarted;
    if (!ok) {
      throw new IllegalStateException(
          "javac failed (" + label + "): " + Child.tail(logs.resolve(label + ".log"), 20));
    }
    return took;
  }

  /** Writes the N revision sources under {@code directory}; returns the file listing them. */
  private static Path write(Path directory, int n) throws IOException {
    Path dir = Files.createDirectories(directory.resolve(PACKAGE.replace('.', '/')));
    List<String> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String name = String.format(Locale.ROOT, "R%05d", i);
      String id = String.format(Locale.ROOT, "r%05d", i);
      String down = i == 0 ? "" : String.format(Locale.ROOT, ", down = \"r%05d\"", i - 1);
      StringBuilder body = new StringBuilder();
      body.append(
          String.format(
              Locale.ROOT,
              """
                  op.createTable(Table.named("t%1$d")
                      .column(Column.of("id", ColumnType.bigint()).primaryKey())
                      .column(Column.of("name", ColumnType.varchar(100)).notNull())
                      .column(Column.of("seconds", ColumnType.integer())));
                  op.createIndex(Index.named("ix_t%1$d_name").on("t%1$d", "name"));
              """,
              i));
      if (i > 0) {
        body.append(
            String.format(
                Locale.ROOT,
                """
                    op.execute("ALTER TABLE t%1$d ADD COLUMN laps integer DEFAULT 0");
                    op.alterColumn("t%1$d", "name", ColumnChange.of().type(ColumnType.varchar(200)));
                """,
                i - 1));
      }
      if (i > 0 && i % 100 == 0) {
        body.append(
            String.format(
                Locale.ROOT,
                "    op.createIndex(Index.named(\"ix_t%1$d_seconds\").on(\"t%1$d\", \"seconds\"));%n",
                i - 1));
      }
      String source =
          """
          package %s;

          import dev.retort.Revision;
          import dev.retort.runtime.Migration;
          import dev.retort.runtime.ops.*;

          @Revision(id = "%s"%s, message = "revision %d")
          public final class %s implements Migration {
            @Override
            public void upgrade(Operations op) {
          %s  }
          }
          """
              .formatted(PACKAGE, id, down, i, name, body);
      Path file = dir.resolve(name + ".java");
      Files.writeString(file, source, StandardCharsets.UTF_8);
      files.add(file.toString());
    }
    Path list = directory.resolve("sources.txt");
    Files.write(list, files, StandardCharsets.UTF_8);
    return list;
  }

  private static String report(
      List<Integer> ns,
      int runs,
      StringBuilder table,
      StringBuilder summary,
      String loadBefore,
      String loadAfter,
      String loadDuring,
      long tookNanos) {
    String date =
        ZonedDateTime.now(ZoneOffset.UTC)
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT));
    return """
        # The lock-safety rules' compile time (issue #13)

        Generated by `dev.retort.benchmarks.LintBenchmark` (from the repository root, after
        `mvn -q -Pbenchmarks -pl benchmarks -am package -DskipTests`):

        ```sh
        java -cp benchmarks/target/benchmarks.jar dev.retort.benchmarks.LintBenchmark %s %d
        ```

        What it measures: javac over N revisions with the Retort processor and every lock-safety
        rule on (`-Aretort.lint=warning`: the opt-in rules too), against the same processor with
        every rule off (`-Aretort.lint=off`), both with `-Aretort.dialects=postgresql`; javac
        without processors beside them for scale. Each revision creates a table with a typed
        `createTable`, indexes it, and changes the previous revision's table (a column with a
        constant default in SQL, a varchar widening whose old type the rule finds in the graph);
        every hundredth also indexes the previous table without CONCURRENTLY, which is reported.
        All compiles run in the benchmark's one JVM through `javax.tools` (the processor loaded
        from its processor path afresh each time, as javac does), after an uncounted warm-up of
        two rounds of every variant at N = 300, so that the JIT has compiled javac and the
        processor and the difference between the variants is the processor's work; %d runs per
        variant, interleaved with the first variant rotating, medians shown. The time is the
        javac call's (parse, attribute, process, generate, write), end to end, as wall time and
        as the CPU time of the thread that runs javac (less disturbed by other load on the
        machine; the garbage collector's threads are not in it).

        ## Machine

        | | |
        | --- | --- |
        | date | %s |
        | CPU | %s |
        | JDK | %s |
        | Retort | %s |
        | load average (1/5/15 min) | at start %s, at end %s |
        | 1-minute load during the run (this run's own JVMs included) | %s |
        | duration | %s |

        ## What the rules add

        | N | time | processor, rules off | processor, rules on | added | added ÷ rules off | added ÷ plain javac |
        | ---: | --- | ---: | ---: | ---: | ---: | ---: |
        %s
        ## Every variant

        | N | variant | javac wall (median) | range (min–max) | × rules off | javac thread CPU (median) | × rules off |
        | ---: | --- | ---: | ---: | ---: | ---: | ---: |
        %s"""
        .formatted(
            String.join(",", ns.stream().map(String::valueOf).toList()),
            runs,
            runs,
            date,
            Machine.cpu(),
            Machine.jdk(),
            Machine.retortBuild(Path.of(".")),
            loadBefore,
            loadAfter,
            loadDuring,
            Progress.millis(tookNanos),
            summary,
            table);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  private static long min(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).min().orElse(0);
  }

  private static long max(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).max().orElse(0);
  }
}
