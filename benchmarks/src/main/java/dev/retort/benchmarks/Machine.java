package dev.retort.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the figures were measured on, read from the JVM and from /proc. */
final class Machine {
  private Machine() {}

  static String cpu() {
    String model =
        firstValue(Path.of("/proc/cpuinfo"), "model name").orElse(System.getProperty("os.arch"));
    return Runtime.getRuntime().availableProcessors() + " cores, " + model;
  }

  static String memory() {
    return firstValue(Path.of("/proc/meminfo"), "MemTotal")
        .map(v -> String.format("%.1f GiB", Long.parseLong(v.split("\\s+")[0]) / 1024.0 / 1024.0))
        .orElse("unknown");
  }

  static String jdk() {
    return System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + " ("
        + System.getProperty("java.vendor")
        + "), default JVM options";
  }

  static String os() {
    String name =
        firstValue(Path.of("/etc/os-release"), "PRETTY_NAME")
            .map(v -> v.replace("\"", ""))
            .orElse(System.getProperty("os.name"));
    return name + ", kernel " + System.getProperty("os.version");
  }

  /**
   * Samples the 1-minute load average every 10 seconds in a daemon thread, so that RESULTS.md can
   * say how busy the machine was while it measured (this run's own child JVMs included).
   */
  static final class LoadSampler {
    private final java.util.List<Double> samples =
        java.util.Collections.synchronizedList(new java.util.ArrayList<>());

    LoadSampler start() {
      Thread thread =
          new Thread(
              () -> {
                while (true) {
                  try {
                    String first = Files.readString(Path.of("/proc/loadavg")).split("\\s+")[0];
                    samples.add(Double.parseDouble(first));
                    Thread.sleep(10_000);
                  } catch (IOException | RuntimeException e) {
                    return;
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "load-sampler");
      thread.setDaemon(true);
      thread.start();
      return this;
    }

    String summary() {
      java.util.List<Double> sorted;
      synchronized (samples) {
        sorted = new java.util.ArrayList<>(samples);
      }
      if (sorted.isEmpty()) {
        return "not sampled";
      }
      java.util.Collections.sort(sorted);
      return String.format(
          java.util.Locale.ROOT,
          "min %.2f, median %.2f, max %.2f (%d samples, every 10 s)",
          sorted.get(0),
          sorted.get(sorted.size() / 2),
          sorted.get(sorted.size() - 1),
          sorted.size());
    }
  }

  /**
   * The commit the measured Retort was built from, and whether its modules had uncommitted changes
   * (the jars are built from the working tree).
   */
  static String retortBuild(Path repository) {
    try {
      String head = git(repository, "rev-parse", "--short", "HEAD");
      String dirty =
          git(repository, "status", "--porcelain", "--", "annotations", "runtime", "processor");
      return "commit "
          + head
          + (dirty.isEmpty()
              ? ""
              : ", with uncommitted changes in annotations/, runtime/ or processor/");
    } catch (IOException | RuntimeException e) {
      return "unknown (no git)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  private static String git(Path repository, String... args)
      throws IOException, InterruptedException {
    java.util.List<String> command =
        new java.util.ArrayList<>(java.util.List.of("git", "-C", repository.toString()));
    command.addAll(java.util.List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes()).trim();
    if (process.waitFor() != 0) {
      throw new IOException(out);
    }
    return out;
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " / " + parts[1] + " / " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static java.util.Optional<String> firstValue(Path file, String key) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines) {
        int separator = line.indexOf(key.equals("PRETTY_NAME") ? '=' : ':');
        if (separator > 0 && line.substring(0, separator).trim().equals(key)) {
          return java.util.Optional.of(line.substring(separator + 1).trim());
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux.
    }
    return java.util.Optional.empty();
  }
}
