package dev.retort.runtime.concurrency;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@link UpgradeWorker}s as separate JVMs on this test's class path. */
final class Workers {
  private Workers() {}

  static Process start(String url, int revisions, Path startSignal, Path output, long sleepMillis)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(UpgradeWorker.class.getName());
    command.add(url);
    command.add(Integer.toString(revisions));
    command.add(startSignal.toString());
    command.add(Long.toString(sleepMillis));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }
}
