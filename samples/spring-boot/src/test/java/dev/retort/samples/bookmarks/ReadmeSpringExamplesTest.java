package dev.retort.samples.bookmarks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
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
 * The root README's Spring examples (fenced {@code ```java spring}) compile against the starter,
 * each as members of a {@code @Configuration} class. The plain {@code ```java} blocks are
 * compiled by the training-log sample's ReadmeExamplesTest, which has no Spring on its class path.
 */
class ReadmeSpringExamplesTest {
  private static final Pattern SPRING_BLOCK =
      Pattern.compile("(?ms)^```java spring\\n(.*?)^```");

  @TempDir Path output;

  @TestFactory
  Stream<DynamicTest> everySpringBlockOfTheReadme_compiles() throws Exception {
    Path readme = Path.of(System.getProperty("user.dir")).resolve("../../README.md").normalize();
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    Matcher blocks = SPRING_BLOCK.matcher(text);
    List<DynamicTest> tests = new ArrayList<>();
    while (blocks.find()) {
      String block = blocks.group(1);
      long line = text.substring(0, blocks.start()).lines().count() + 1;
      tests.add(DynamicTest.dynamicTest("README.md line " + line, () -> compile(block)));
    }
    assertFalse(tests.isEmpty(), "no ```java spring block found in " + readme);
    return tests.stream();
  }

  private void compile(String block) {
    String source =
        """
        import dev.retort.runtime.*;
        import dev.retort.spring.boot.autoconfigure.*;
        import javax.sql.DataSource;
        import org.springframework.context.annotation.Bean;
        import org.springframework.context.annotation.Configuration;

        @Configuration
        public class Example {
        %s
        }
        """
            .formatted(block);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    JavaFileObject file =
        new SimpleJavaFileObject(Path.of("Example.java").toUri(), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
          }
        };
    boolean compiled =
        compiler
            .getTask(
                new StringWriter(),
                null,
                diagnostics,
                List.of(
                    "-proc:none",
                    "-classpath",
                    System.getProperty("java.class.path"),
                    "-d",
                    output.toString()),
                null,
                List.of(file))
            .call();
    assertTrue(
        compiled,
        () -> "README example does not compile:\n" + source + "\n" + diagnostics.getDiagnostics());
  }
}
