package dev.retort.benchmarks;

import dev.retort.benchmarks.child.BreakdownChild;
import dev.retort.benchmarks.child.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Benchmarks 1 and 2 on one database for one history length: apply-N from an empty database, then
 * start-up at head, each measured run in a fresh child JVM, the tools interleaved run by run.
 */
final class MigrationBenchmarks {
  private final Toolchain toolchain;
  private final Database database;
  private final Options options;
  private final Results results;
  private final Path logs;

  MigrationBenchmarks(
      Toolchain toolchain, Database database, Options options, Results results, Path logs) {
    this.toolchain = toolchain;
    this.database = database;
    this.options = options;
    this.results = results;
    this.logs = logs;
  }

  void run(Workload workload) throws Exception {
    int n = workload.n();
    List<Tool> tools = new ArrayList<>();
    tools.add(Tool.FLOOR);
    tools.addAll(options.tools());
    Map<Tool, Database.Target> atHead = new EnumMap<>(Tool.class);
    try {
      if (options.runs(Options.Bench.APPLY) && options.applyNs().contains(n)) {
        for (int run = 1; run <= options.runs(); run++) {
          for (Tool tool : rotate(tools, run)) {
            Database.Target target = database.create(name(tool, n, run));
            Child.Measurement m = child(tool, "apply", target, workload, List.of(), run);
            checkApplied(tool, target, n);
            record("apply", n, tool, run, m);
            Progress.log(
                "%s apply N=%d run %d/%d %-22s %s (process %s)",
                database.key(),
                n,
                run,
                options.runs(),
                tool.label(),
                Progress.millis(m.callNanos()),
                Progress.millis(m.wallNanos()));
            if (run == options.runs()) {
              atHead.put(tool, target);
            } else {
              database.drop(target);
            }
          }
        }
      }
      if (options.runs(Options.Bench.STARTUP) && options.ns().contains(n)) {
        for (Tool tool : tools) {
          if (!atHead.containsKey(tool)) {
            Database.Target target = database.create(name(tool, n, 0));
            Child.Measurement m = child(tool, "apply", target, workload, List.of(), 0);
            Progress.log(
                "%s N=%d prepared a database at head with %s (untimed: %s)",
                database.key(),
                n,
                tool.label(),
                Progress.millis(m.callNanos()));
            checkApplied(tool, target, n);
            atHead.put(tool, target);
          }
        }
        List<Tool> startupTools = new ArrayList<>(tools);
        startupTools.add(Tool.EMPTY);
        for (int run = 1; run <= options.runs(); run++) {
          for (Tool tool : rotate(startupTools, run)) {
            Child.Measurement m =
                child(tool, "startup", atHead.get(tool), workload, List.of(), run);
            record("startup", n, tool, run, m);
            Progress.log(
                "%s startup N=%d run %d/%d %-22s process %s, call %s, %d classes, %d MB",
                database.key(),
                n,
                run,
                options.runs(),
                tool.label(),
                Progress.millis(m.wallNanos()),
                Progress.millis(m.callNanos()),
                m.classes(),
                m.hwmKb() / 1024);
          }
        }
        // Start-up must have changed nothing.
        for (Tool tool : tools) {
          checkApplied(tool, atHead.get(tool), n);
        }
        if (options.tools().contains(Tool.RETORT)) {
          checkClassLoading(atHead.get(Tool.RETORT), workload);
        }
      }
    } finally {
      for (Database.Target target : atHead.values()) {
        database.drop(target);
      }
    }
  }

  /**
   * The breakdown: the floor, the floor with one piece of Retort's per-revision work added ({@link
   * BreakdownChild}), and Retort itself, interleaved, each from an empty database.
   */
  void breakdown(Workload workload) throws Exception {
    int n = workload.n();
    List<String> steps = new ArrayList<>();
    steps.add(BREAKDOWN_FLOOR);
    steps.addAll(BreakdownChild.STEPS);
    steps.add(Tool.RETORT.key());
    for (int run = 1; run <= options.runs(); run++) {
      for (String step : rotate(steps, run)) {
        Database.Target target = database.create("b_breakdown_" + step + "_" + run);
        try {
          Child.Measurement m;
          if (step.equals(Tool.RETORT.key())) {
            m = child(Tool.RETORT, "apply", target, workload, List.of(), run);
          } else {
            m =
                Child.run(
                    toolchain.java(),
                    List.of(),
                    toolchain.classPath(Tool.FLOOR, database.key(), List.of()),
                    BreakdownChild.class.getName(),
                    List.of(
                        target.url(),
                        target.user() == null ? "-" : target.user(),
                        target.password() == null ? "-" : target.password(),
                        Integer.toString(n),
                        step.equals(BREAKDOWN_FLOOR) ? "-" : step),
                    logs,
                    String.join("-", database.key(), "breakdown", step, "r" + run));
          }
          String version = target.query("SELECT version_num FROM retort_version");
          if (database.benchmarkTables(target) != n || !Schema.id(n).equals(version)) {
            throw new IllegalStateException(step + " left the database at " + version);
          }
          results.add(
              new Results.Sample(
                  "breakdown",
                  database.key(),
                  n,
                  step,
                  run,
                  m.wallNanos(),
                  m.callNanos(),
                  m.classes(),
                  m.hwmKb()));
          Progress.log(
              "%s breakdown N=%d run %d/%d %-8s %s",
              database.key(),
              n,
              run,
              options.runs(),
              step,
              Progress.millis(m.callNanos()));
        } finally {
          database.drop(target);
        }
      }
    }
  }

  /** The breakdown's floor: the same as apply-N's, on Retort's table layout. */
  static final String BREAKDOWN_FLOOR = "floor";

  /** Run r starts with item r - 1, so that nothing always goes first. */
  private static <T> List<T> rotate(List<T> items, int run) {
    List<T> rotated = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      rotated.add(items.get((i + run - 1) % items.size()));
    }
    return rotated;
  }

  private static String name(Tool tool, int n, int run) {
    return "b_" + tool.key() + "_" + n + "_" + run;
  }

  private void record(String bench, int n, Tool tool, int run, Child.Measurement m) {
    results.add(
        new Results.Sample(
            bench,
            database.key(),
            n,
            tool.key(),
            run,
            m.wallNanos(),
            m.callNanos(),
            m.classes(),
            m.hwmKb()));
  }

  private Child.Measurement child(
      Tool tool,
      String mode,
      Database.Target target,
      Workload workload,
      List<String> extraJvmOptions,
      int run)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>();
    List<Path> extraClassPath = new ArrayList<>();
    if (tool != Tool.EMPTY) {
      args.addAll(
          List.of(
              mode,
              target.url(),
              target.user() == null ? "-" : target.user(),
              target.password() == null ? "-" : target.password(),
              Integer.toString(workload.n())));
    }
    switch (tool) {
      case RETORT -> extraClassPath.add(workload.classes());
      case FLYWAY -> args.add(workload.flywayLocation().toString());
      case LIQUIBASE -> args.add(workload.liquibaseDirectory().toString());
      default -> {}
    }
    List<String> jvmOptions = new ArrayList<>(tool.jvmOptions());
    jvmOptions.addAll(extraJvmOptions);
    return Child.run(
        toolchain.java(),
        jvmOptions,
        toolchain.classPath(tool, database.key(), extraClassPath),
        tool.mainClass(),
        args,
        logs,
        String.join("-", database.key(), mode, tool.key(), "n" + workload.n(), "r" + run));
  }

  /** Checks, outside any measurement, that a tool left N tables and its own record of them. */
  private void checkApplied(Tool tool, Database.Target target, int n) throws SQLException {
    int tables = database.benchmarkTables(target);
    String state =
        switch (tool) {
          case FLOOR -> target.query("SELECT version_num FROM " + Schema.FLOOR_VERSION_TABLE);
          case RETORT -> target.query("SELECT version_num FROM retort_version");
          case FLYWAY -> target.query(
              "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'SQL' AND success");
          case LIQUIBASE -> target.query("SELECT COUNT(*) FROM databasechangelog");
          case EMPTY -> throw new IllegalArgumentException();
        };
    String expected =
        tool == Tool.FLOOR || tool == Tool.RETORT ? Schema.id(n) : Integer.toString(n);
    if (tables != n || !expected.equals(state)) {
      throw new IllegalStateException(
          tool.label()
              + " on "
              + target.name()
              + ": "
              + tables
              + " tables and state "
              + state
              + ", expected "
              + n
              + " tables and "
              + expected);
    }
  }

  /**
   * Runs Retort's start-up once more with class-load logging (not timed) and counts the revision
   * classes loaded: at head there should be none.
   */
  private void checkClassLoading(Database.Target target, Workload workload)
      throws IOException, InterruptedException {
    Path log = logs.resolve("class-load-" + database.key() + "-" + workload.n() + ".log");
    Files.deleteIfExists(log);
    child(
        Tool.RETORT,
        "startup",
        target,
        workload,
        List.of("-Xlog:class+load=info:file=" + log),
        0);
    String prefix = Schema.REVISIONS_PACKAGE + ".";
    int total = 0;
    int revisions = 0;
    TreeSet<String> registry = new TreeSet<>();
    for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
      // [0.123s][info][class,load] bench.revisions.RetortRegistry source: file:/...
      int tag = line.indexOf("[class,load] ");
      if (tag < 0) {
        continue;
      }
      total++;
      String name = line.substring(tag + "[class,load] ".length()).split(" ")[0];
      if (name.startsWith(prefix + "RetortRegistry")) {
        registry.add(name.substring(prefix.length()));
      } else if (name.startsWith(prefix)) {
        revisions++;
      }
    }
    results.add(
        new Results.ClassLoadCheck(
            database.key(), workload.n(), revisions, List.copyOf(registry), total));
    Progress.log(
        "%s startup N=%d Retort loaded %d revision classes (registry: %s)",
        database.key(),
        workload.n(),
        revisions,
        registry);
    Files.delete(log);
  }
}
