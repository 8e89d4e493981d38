package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executable jar as users run it, {@code java -jar retort-cli-<version>-all.jar}, after the
 * package phase built it: revision and merge need nothing else; a database command without the
 * application's classes says what is missing.
 */
class ExecutableJarIT {
  @TempDir Path tempDir;

  private record Run(int exitCode, String out, String err) {}

  private Run javaJar(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(System.getProperty("retort.cli.jar"));
    command.addAll(List.of(args));
    Path out = tempDir.resolve("out.txt");
    Path err = tempDir.resolve("err.txt");
    Process process =
        new ProcessBuilder(command)
            .directory(tempDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES));
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void revisionAndMerge_runFromTheJarAlone() throws Exception {
    Files.createDirectories(tempDir.resolve("src/main/java"));

    Run base = javaJar("revision", "-m", "create users", "--package", "com.example.db");
    assertEquals(0, base.exitCode(), base.err());
    assertEquals(
        Path.of("src/main/java/com/example/db/CreateUsers.java") + "\n", base.out());
    String baseId = idOf(tempDir.resolve("src/main/java/com/example/db/CreateUsers.java"));
    assertEquals(0, javaJar("revision", "-m", "add email").exitCode());
    assertEquals(0, javaJar("revision", "-m", "add phone", "--head", baseId).exitCode());

    Run merge = javaJar("merge", "heads", "-m", "merge email and phone", "--json");
    assertEquals(0, merge.exitCode(), merge.err());
    assertTrue(merge.out().startsWith("{\"command\":\"merge\",\"file\":"), merge.out());
  }

  @Test
  void databaseCommand_withoutApplicationClasses_isAUsageErrorNamingTheFix() throws Exception {
    Run current = javaJar("current", "--url", "jdbc:sqlite:" + tempDir.resolve("a.db"));

    assertEquals(2, current.exitCode(), current.err());
    assertTrue(
        current.err().startsWith("error: no revision registry on the class path"), current.err());
  }

  private static String idOf(Path file) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf("id = \"") + 6;
    return text.substring(start, text.indexOf('"', start));
  }
}
