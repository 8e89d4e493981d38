package dev.retort.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -cp <test class path> dev.retort.cli.RetortCli ...} as a child process, the way
 * an operator does: the test revisions and their generated registry are on that class path.
 */
final class CliProcess {
  private CliProcess() {}

  /** What the process printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    /** Both streams, for asserting that something appears in neither. */
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  static Result run(String... args) {
    return run(Map.of(), null, args);
  }

  static Result run(Map<String, String> env, Path directory, String... args) {
    return run(classPath(), env, directory, args);
  }

  /**
   * The test class path without SLF4J, which only embedded PostgreSQL needs: sqlite-jdbc would log
   * through it, and its "no binding" warning is not the CLI's output.
   */
  static String classPath() {
    String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> entries = new ArrayList<>();
    for (String entry : all.split(java.io.File.pathSeparator)) {
      if (!Path.of(entry).getFileName().toString().startsWith("slf4j-")) {
        entries.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  static Result run(String classPath, Map<String, String> env, Path directory, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath);
    command.add("dev.retort.cli.RetortCli");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> environment = new HashMap<>(builder.environment());
    environment.remove("RETORT_PASSWORD");
    environment.putAll(env);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (directory != null) {
      builder.directory(directory.toFile());
    }
    try {
      Process process = builder.start();
      CompletableFuture<String> err =
          CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      String out = read(process.getInputStream());
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("retort " + String.join(" ", args) + " did not finish");
      }
      return new Result(process.exitValue(), out, err.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static String read(java.io.InputStream stream) {
    try {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
