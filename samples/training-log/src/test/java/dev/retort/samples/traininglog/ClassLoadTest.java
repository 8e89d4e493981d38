package dev.retort.samples.traininglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.samples.traininglog.db.RetortRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The start-up promise in a fresh JVM, read from the JVM's own class-loading log ({@code
 * -Xlog:class+load}): at head, {@code upgrade("head")} loads the generated registry but none of
 * its revision classes, not even the registry's nested holder of the revision list, and none of the
 * machinery that runs revisions. {@link StartupTest} checks the same in-process with a recording
 * class loader; a child JVM also counts what the JDK and the JDBC driver pull in around it.
 */
class ClassLoadTest {
  private static final String REGISTRY = RetortRegistry.class.getName();
  private static final String HEAD = "b4d29e6f0a17";

  @TempDir Path tempDir;

  @ParameterizedTest(name = "{0}, {1}")
  @CsvSource({
    "SQLITE, service-loader",
    "SQLITE, explicit",
    "POSTGRES, service-loader",
    "POSTGRES, explicit"
  })
  void atHead_noRevisionClassLoads(TestDatabase database, String registryForm) throws Exception {
    DataSource dataSource = database.create(tempDir);
    Retort.configure()
        .dataSource(dataSource)
        .registry(RetortRegistry.INSTANCE)
        .load()
        .upgrade("head");

    List<String> loaded = childJvmLoadedClasses(database.jdbcUrl(dataSource), registryForm);

    assertTrue(loaded.contains(REGISTRY), "the registry itself must load: " + loaded);
    assertTrue(loaded.contains("dev.retort.runtime.Retort"), loaded::toString);
    for (RevisionInfo revision : RetortRegistry.INSTANCE.revisions()) {
      assertFalse(loaded.contains(revision.className()), revision.className() + " loaded at head");
    }
    List<String> unwanted =
        loaded.stream()
            .filter(
                name ->
                    name.startsWith(REGISTRY + "$")
                        || name.startsWith("dev.retort.runtime.ops.")
                        || name.equals("dev.retort.runtime.internal.RevisionRunner"))
            .toList();
    assertEquals(List.of(), unwanted, "loaded at head");
  }

  /** The log does show revision classes when they run: the check above is not vacuous. */
  @Test
  void emptyDatabase_everyRevisionClassLoads() throws Exception {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    List<String> loaded =
        childJvmLoadedClasses(TestDatabase.SQLITE.jdbcUrl(dataSource), "explicit");

    for (RevisionInfo revision : RetortRegistry.INSTANCE.revisions()) {
      assertTrue(loaded.contains(revision.className()), revision.className() + " not loaded");
    }
    assertTrue(loaded.contains("dev.retort.runtime.ops.Operations"), loaded::toString);
  }

  /** Runs {@link UpgradeAtHead} in a new JVM and returns the dev.retort classes it loaded. */
  private List<String> childJvmLoadedClasses(String url, String registryForm)
      throws IOException, InterruptedException {
    Path log = tempDir.resolve("class-load-" + System.nanoTime() + ".log");
    Path output = tempDir.resolve("output-" + System.nanoTime() + ".txt");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:class+load=info:file=" + log + ":none",
                "-cp",
                System.getProperty("java.class.path"),
                UpgradeAtHead.class.getName(),
                url,
                registryForm)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    int exit = process.waitFor();
    String printed = Files.readString(output);
    assertEquals(0, exit, printed);
    assertTrue(printed.contains("[" + HEAD + "]"), printed);
    // One line per class: "<binary name> source: <where>".
    return Files.readAllLines(log).stream()
        .map(line -> line.split(" ", 2)[0])
        .filter(name -> name.startsWith("dev.retort."))
        .toList();
  }
}
