package dev.retort.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts one child JVM with the runner's own {@code java}, waits for it, and reads its report.
 * Standard output and error go to files, so a chatty tool never blocks on a full pipe.
 */
final class Child {
  private static final String PREFIX = "BENCH ";

  /** What one child measured, plus the wall time of the whole process measured from outside. */
  record Measurement(
      long wallNanos, long callNanos, long classes, long hwmKb, Map<String, String> extra) {}

  private Child() {}

  static Measurement run(
      Path java,
      List<String> jvmOptions,
      String classPath,
      String mainClass,
      List<String> args,
      Path logs,
      String label)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    Process process = start(command, logs, label);
    Path out = process.out();
    Path err = process.err();
    int exit = process.exit();
    long wall = process.wallNanos();

    String report =
        Files.readAllLines(out, StandardCharsets.ISO_8859_1).stream()
            .filter(l -> l.startsWith(PREFIX))
            .findFirst()
            .orElse(null);
    if (exit != 0 || report == null) {
      throw new IllegalStateException(
          label
              + ": child JVM exited with "
              + exit
              + (report == null ? " and no report" : "")
              + "\n  command: "
              + String.join(" ", command)
              + "\n  stderr (last lines of "
              + err
              + "):\n"
              + tail(err, 25));
    }
    // Kept only when something went wrong: at N = 10,000 each tool logs a line per revision.
    Files.delete(out);
    Files.delete(err);
    Map<String, String> values = new HashMap<>();
    for (String pair : report.substring(PREFIX.length()).trim().split("\\s+")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        values.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return new Measurement(
        wall,
        Long.parseLong(values.remove("callNanos")),
        Long.parseLong(values.remove("classes")),
        Long.parseLong(values.remove("hwmKb")),
        Map.copyOf(values));
  }

  /** A finished process: its exit code, wall time measured from outside, and its output files. */
  record Process(int exit, long wallNanos, Path out, Path err) {}

  /**
   * Runs {@code command} to its end, standard output and error to {@code <label>.out} and {@code
   * .err} in {@code logs}, and times it from starting the process to its exit. For a process that
   * prints no report (the CLI); the caller deletes the files.
   */
  static Process start(List<String> command, Path logs, String label)
      throws IOException, InterruptedException {
    Files.createDirectories(logs);
    Path out = logs.resolve(label + ".out");
    Path err = logs.resolve(label + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    long started = System.nanoTime();
    java.lang.Process process = builder.start();
    int exit = process.waitFor();
    long wall = System.nanoTime() - started;
    return new Process(exit, wall, out, err);
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  static String tail(Path file, int lines) throws IOException {
    List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }
}
