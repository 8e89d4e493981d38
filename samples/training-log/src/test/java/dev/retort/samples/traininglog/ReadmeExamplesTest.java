package dev.retort.samples.traininglog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Revision;
import dev.retort.runtime.Retort;
import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of the root README compiles against the current API, so that an
 * example cannot go stale. A block is compiled as it stands when it is a whole source file; a block
 * of {@code @Override} methods becomes the body of a revision class; any other block becomes the
 * body of a method that has {@code dataSource} and {@code op} in scope. Compiled without the
 * processor: the examples name revisions that do not exist.
 */
class ReadmeExamplesTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```");
  private static final String IMPORTS =
      """
      import dev.retort.Revision;
      import dev.retort.runtime.*;
      import dev.retort.runtime.ops.*;
      import java.util.*;
      import javax.sql.DataSource;
      """;

  @TempDir Path output;

  @TestFactory
  Stream<DynamicTest> everyJavaBlockOfTheReadme_compiles() throws Exception {
    Path readme = Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize();
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Matcher blocks = JAVA_BLOCK.matcher(text);
    List<DynamicTest> tests = new ArrayList<>();
    while (blocks.find()) {
      String block = blocks.group(1);
      long line = text.substring(0, blocks.start()).lines().count() + 1;
      tests.add(DynamicTest.dynamicTest("README.md line " + line, () -> compile(block)));
    }
    assertFalse(tests.isEmpty(), "no ```java block found in " + readme);
    return tests.stream();
  }

  private void compile(String block) throws URISyntaxException {
    String source;
    String className;
    Matcher declared = Pattern.compile("public (?:final )?class (\\w+)").matcher(block);
    if (block.startsWith("package ") || block.startsWith("import ")) {
      assertTrue(declared.find(), "a whole-file block declares a public class");
      className = declared.group(1);
      source = block;
    } else if (block.contains("@Override")) {
      className = "Example";
      source = IMPORTS + "public class Example implements Migration {\n" + block + "\n}\n";
    } else {
      className = "Example";
      source =
          IMPORTS
              + "public class Example {\n  void run(DataSource dataSource, Operations op) throws"
              + " Exception {\n"
              + block
              + "\n  }\n}\n";
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file =
        new SimpleJavaFileObject(
            Path.of(className + ".java").toUri(), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    // The test kit's examples are whole test classes: the kit, JUnit and the drivers they name.
    String classPath =
        String.join(
            File.pathSeparator,
            location(Revision.class),
            location(Retort.class),
            location(dev.retort.test.RetortTests.class),
            location(TestFactory.class),
            location(org.apiguardian.api.API.class),
            location(org.sqlite.SQLiteDataSource.class),
            location(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.class));
    StringWriter out = new StringWriter();
    boolean compiled =
        compiler
            .getTask(
                out,
                null,
                diagnostics,
                List.of("-proc:none", "-classpath", classPath, "-d", output.toString()),
                null,
                List.of(file))
            .call();
    assertTrue(
        compiled,
        () -> "README example does not compile:\n" + source + "\n" + diagnostics.getDiagnostics());
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
