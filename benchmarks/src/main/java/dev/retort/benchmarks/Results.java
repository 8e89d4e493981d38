package dev.retort.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToLongFunction;

/** Every measurement of one invocation, and the medians and ratios made of them. */
final class Results {

  /** One child JVM's figures. {@code database} is {@code "-"} for compile. */
  record Sample(
      String bench,
      String database,
      int n,
      String tool,
      int run,
      long wallNanos,
      long callNanos,
      long classes,
      long hwmKb) {}

  /** The Retort start-up child run once with class-load logging. */
  record ClassLoadCheck(
      String database, int n, int revisionClasses, List<String> registryClasses, int total) {}

  /** The figures' names, with how to read them from a sample. */
  enum Metric {
    WALL("whole-process wall time", Sample::wallNanos),
    CALL("time inside the call", Sample::callNanos),
    CLASSES("classes loaded", Sample::classes),
    RSS("peak RSS", Sample::hwmKb);

    final String label;
    final ToLongFunction<Sample> value;

    Metric(String label, ToLongFunction<Sample> value) {
      this.label = label;
      this.value = value;
    }
  }

  private final List<Sample> samples = new ArrayList<>();
  private final List<ClassLoadCheck> classLoadChecks = new ArrayList<>();
  private final Map<String, String> versions = new LinkedHashMap<>();

  synchronized void add(Sample sample) {
    samples.add(sample);
  }

  void add(ClassLoadCheck check) {
    classLoadChecks.add(check);
  }

  void version(String what, String version) {
    versions.put(what, version);
  }

  Map<String, String> versions() {
    return versions;
  }

  List<Sample> samples() {
    return samples;
  }

  List<ClassLoadCheck> classLoadChecks() {
    return classLoadChecks;
  }

  List<Sample> select(String bench, String database, int n, String tool) {
    return samples.stream()
        .filter(
            s ->
                s.bench().equals(bench)
                    && s.database().equals(database)
                    && s.n() == n
                    && s.tool().equals(tool))
        .toList();
  }

  boolean has(String bench, String database, int n, String tool) {
    return !select(bench, database, n, tool).isEmpty();
  }

  /** The median of a metric, or empty when nothing was measured. */
  OptionalDouble median(String bench, String database, int n, String tool, Metric metric) {
    List<Sample> selected = select(bench, database, n, tool);
    if (selected.isEmpty()) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(median(selected.stream().mapToLong(metric.value).toArray()));
  }

  /** Smallest and largest value of a metric. */
  long[] range(String bench, String database, int n, String tool, Metric metric) {
    long[] values = select(bench, database, n, tool).stream().mapToLong(metric.value).toArray();
    Arrays.sort(values);
    return new long[] {values[0], values[values.length - 1]};
  }

  /** The ratio of a tool's median to the floor's median, both from this invocation. */
  OptionalDouble ratio(
      String bench, String database, int n, String tool, String floor, Metric metric) {
    OptionalDouble value = median(bench, database, n, tool, metric);
    OptionalDouble base = median(bench, database, n, floor, metric);
    if (value.isEmpty() || base.isEmpty() || base.getAsDouble() == 0) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(value.getAsDouble() / base.getAsDouble());
  }

  static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }
}
