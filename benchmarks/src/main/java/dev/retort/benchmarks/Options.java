package dev.retort.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The runner's command line. Defaults follow the issue; {@code --quick} is a smoke test. */
record Options(
    Set<Bench> benches,
    List<Integer> ns,
    List<Integer> applyNs,
    List<Integer> compileNs,
    int breakdownN,
    int runs,
    List<String> databases,
    Set<Tool> tools,
    Path output,
    Path work,
    boolean keepWork,
    String commandLine) {

  /** The benchmarks, by the names {@code --bench} takes. */
  enum Bench {
    APPLY,
    STARTUP,
    COMPILE,
    BREAKDOWN;

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  static final String USAGE =
      """
      usage: java -jar benchmarks/target/benchmarks.jar [options]

        --bench apply,startup,compile,breakdown
                                        which benchmarks (default: all four)
        --n 100,1000,10000              history lengths for apply and startup (default as shown)
        --apply-n 100,1000              history lengths for apply only (default: those of --n)
        --compile-n 1000,5000           revision counts for compile (default as shown)
        --breakdown-n 1000              history length for breakdown (default as shown)
        --runs 5                        runs per figure; medians are reported (default 5)
        --db sqlite,postgres            databases (default both; PostgreSQL is embedded)
        --tools retort,flyway,liquibase tools besides the floors, which always run (default all)
        --quick                         smoke test: --n 100,1000 --compile-n 1000 --runs 3
                                        (explicit options still win)
        --out DIR                       where RESULTS.md, results-raw.csv and charts/ go
                                        (default: the benchmarks/ folder this jar was built in)
        --work DIR                      scratch space for sources, classes and SQLite files
                                        (default: a new folder under java.io.tmpdir)
        --keep-work                     do not delete the scratch folder at the end
      """;

  static Options parse(String[] args, Path defaultOutput) {
    Set<Bench> benches = EnumSet.allOf(Bench.class);
    List<Integer> ns = List.of(100, 1_000, 10_000);
    List<Integer> compileNs = List.of(1_000, 5_000);
    int breakdownN = 1_000;
    int runs = 5;
    List<String> databases = List.of("sqlite", "postgres");
    Set<Tool> tools = EnumSet.of(Tool.RETORT, Tool.FLYWAY, Tool.LIQUIBASE);
    Path output = defaultOutput;
    Path work = null;
    boolean keepWork = false;
    boolean quick = false;
    List<Integer> explicitNs = null;
    List<Integer> applyNs = null;
    List<Integer> explicitCompileNs = null;
    Integer explicitRuns = null;

    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--bench" -> {
          benches = EnumSet.noneOf(Bench.class);
          for (String name : list(args, ++i, arg)) {
            benches.add(Bench.valueOf(name.toUpperCase(Locale.ROOT)));
          }
        }
        case "--n" -> explicitNs = ints(args, ++i, arg);
        case "--apply-n" -> applyNs = ints(args, ++i, arg);
        case "--compile-n" -> explicitCompileNs = ints(args, ++i, arg);
        case "--breakdown-n" -> breakdownN = ints(args, ++i, arg).get(0);
        case "--runs" -> explicitRuns = Integer.parseInt(value(args, ++i, arg));
        case "--db" -> {
          databases = list(args, ++i, arg);
          for (String db : databases) {
            if (!db.equals("sqlite") && !db.equals("postgres")) {
              throw new IllegalArgumentException("--db takes sqlite and postgres, not " + db);
            }
          }
        }
        case "--tools" -> {
          tools = EnumSet.noneOf(Tool.class);
          for (String name : list(args, ++i, arg)) {
            Tool tool = Tool.valueOf(name.toUpperCase(Locale.ROOT));
            if (tool.isFloor()) {
              throw new IllegalArgumentException("the floors always run; --tools takes " + name);
            }
            tools.add(tool);
          }
        }
        case "--quick" -> quick = true;
        case "--out" -> output = Path.of(value(args, ++i, arg));
        case "--work" -> work = Path.of(value(args, ++i, arg));
        case "--keep-work" -> keepWork = true;
        case "--help", "-h" -> throw new IllegalArgumentException("");
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (quick) {
      ns = List.of(100, 1_000);
      compileNs = List.of(1_000);
      runs = 3;
    }
    ns = explicitNs != null ? explicitNs : ns;
    applyNs = applyNs != null ? applyNs : ns;
    compileNs = explicitCompileNs != null ? explicitCompileNs : compileNs;
    runs = explicitRuns != null ? explicitRuns : runs;
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    // Where files go does not change a figure: leave --out and --work out of RESULTS.md.
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--out") || args[i].equals("--work")) {
        i++;
      } else if (!args[i].equals("--keep-work")) {
        shown.add(args[i]);
      }
    }
    String commandLine =
        "java -jar benchmarks/target/benchmarks.jar"
            + (shown.isEmpty() ? "" : " " + String.join(" ", shown));
    return new Options(
        benches,
        ns,
        applyNs,
        compileNs,
        breakdownN,
        runs,
        databases,
        tools,
        output.toAbsolutePath(),
        work,
        keepWork,
        commandLine);
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private static List<String> list(String[] args, int i, String option) {
    return Arrays.stream(value(args, i, option).split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static List<Integer> ints(String[] args, int i, String option) {
    List<Integer> result = new ArrayList<>();
    for (String s : list(args, i, option)) {
      int n = Integer.parseInt(s.replace("_", ""));
      if (n < 1 || n > 99_999) {
        throw new IllegalArgumentException(option + " takes 1 to 99999, not " + s);
      }
      result.add(n);
    }
    return List.copyOf(result.stream().distinct().sorted().toList());
  }

  boolean runs(Bench bench) {
    return benches.contains(bench);
  }

  /** Every history length that apply-N or start-up runs at, sorted. */
  List<Integer> allNs() {
    java.util.TreeSet<Integer> all = new java.util.TreeSet<>();
    if (runs(Bench.APPLY)) {
      all.addAll(applyNs);
    }
    if (runs(Bench.STARTUP)) {
      all.addAll(ns);
    }
    return List.copyOf(all);
  }
}
