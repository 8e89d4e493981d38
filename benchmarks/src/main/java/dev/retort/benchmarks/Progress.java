package dev.retort.benchmarks;

import java.time.Duration;

/** Progress lines on standard error, each with the time since the run started. */
final class Progress {
  private static final long STARTED = System.nanoTime();

  private Progress() {}

  static void log(String format, Object... args) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - STARTED);
    System.err.printf(
        "[%02d:%02d:%02d] %s%n",
        elapsed.toHours(),
        elapsed.toMinutesPart(),
        elapsed.toSecondsPart(),
        String.format(format, args));
  }

  static String millis(long nanos) {
    return String.format("%.1f ms", nanos / 1e6);
  }
}
