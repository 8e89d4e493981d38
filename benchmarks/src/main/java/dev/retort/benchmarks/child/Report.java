package dev.retort.benchmarks.child;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one line a child JVM prints for the runner: the time inside the measured call, the classes
 * loaded, and the peak resident set size.
 */
final class Report {
  /** The prefix the runner looks for on the child's standard output. */
  static final String PREFIX = "BENCH ";

  private Report() {}

  /**
   * Prints the report. Peak RSS is read first, so that the management classes this needs to count
   * classes do not inflate it; the class count includes them (a constant, measured by {@link
   * EmptyChild}).
   */
  static void print(long callNanos, String extra) {
    long hwmKb = vmHwmKb();
    long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
    System.out.println(
        PREFIX
            + "callNanos="
            + callNanos
            + " classes="
            + classes
            + " hwmKb="
            + hwmKb
            + (extra.isEmpty() ? "" : " " + extra));
    System.out.flush();
  }

  private static long vmHwmKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux: no peak RSS.
    }
    return -1;
  }

  /** {@code "-"} stands for null on the command line (SQLite has no user). */
  static String nullable(String arg) {
    return "-".equals(arg) ? null : arg;
  }
}
