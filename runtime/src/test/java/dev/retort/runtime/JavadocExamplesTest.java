package dev.retort.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code <pre>{@code ...}</pre>} example in the runtime's Javadoc compiles against the
 * runtime as built (issue 9: the bulkInsert example did not). A block holding a class is compiled
 * as a class; a block of statements as a method body with {@code retort}, {@code op}, {@code batch}
 * and {@code dataSource} in scope; a block of bare expressions (builder chains, one per unindented
 * line) as one declaration each.
 */
class JavadocExamplesTest {
  private static final Pattern EXAMPLE =
      Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\* \\}</pre>", Pattern.DOTALL);

  @TempDir Path out;

  /** The examples of one source file, each with the lines' Javadoc margin removed. */
  private static List<String> examples(Path source) {
    List<String> examples = new ArrayList<>();
    try {
      Matcher matcher = EXAMPLE.matcher(Files.readString(source));
      while (matcher.find()) {
        StringBuilder example = new StringBuilder();
        for (String line : matcher.group(1).split("\n")) {
          String trimmed = line.strip();
          example
              .append(
                  trimmed.startsWith("* ")
                      ? trimmed.substring(2)
                      : trimmed.replaceFirst("^\\*", ""))
              .append('\n');
        }
        examples.add(example.toString());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return examples;
  }

  /** Bare expressions, one per unindented line and its indented continuations, as declarations. */
  private static String statements(String example) {
    if (example.contains(";")) {
      return example;
    }
    List<String> expressions = new ArrayList<>();
    for (String line : example.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (!line.startsWith(" ") || expressions.isEmpty()) {
        expressions.add(line);
      } else {
        expressions.set(expressions.size() - 1, expressions.get(expressions.size() - 1) + line);
      }
    }
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < expressions.size(); i++) {
      body.append("Object value").append(i).append(" = ").append(expressions.get(i)).append(";\n");
    }
    return body.toString();
  }

  @Test
  void everyJavadocExample_compiles() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    StringBuilder methods = new StringBuilder();
    StringBuilder classes = new StringBuilder();
    int count = 0;
    for (Path source : sources) {
      for (String example : examples(source)) {
        count++;
        if (example.contains(" class ")) {
          classes.append("// ").append(source).append('\n');
          classes.append(example.replace("public final class", "final class")).append('\n');
        } else {
          // In scope unless the example declares them itself.
          String retort = example.contains("Retort retort") ? "unusedRetort" : "retort";
          String batch = example.contains("batch ->") ? "unusedBatch" : "batch";
          methods
              .append("  // ")
              .append(source)
              .append("\n  void example")
              .append(count)
              .append("(Retort ")
              .append(retort)
              .append(", Operations op, BatchOperations ")
              .append(batch)
              .append(", DataSource dataSource) {\n")
              .append(statements(example))
              .append("  }\n");
        }
      }
    }
    String code =
        "package examples;\n"
            + "import dev.retort.Revision;\n"
            + "import dev.retort.runtime.*;\n"
            + "import dev.retort.runtime.ops.*;\n"
            + "import java.nio.file.Path;\n"
            + "import java.util.List;\n"
            + "import java.util.stream.IntStream;\n"
            + "import javax.sql.DataSource;\n"
            + "class Examples {\n"
            + methods
            + "}\n"
            + classes;
    JavaFileObject file =
        new SimpleJavaFileObject(
            java.net.URI.create("string:///examples/Examples.java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        };
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter errors = new StringWriter();
    boolean compiled =
        javac
            .getTask(
                errors,
                null,
                null,
                List.of(
                    "-proc:none",
                    "-d",
                    out.toString(),
                    "-classpath",
                    System.getProperty("java.class.path")),
                null,
                List.of(file))
            .call();

    assertTrue(count >= 13, "found only " + count + " examples");
    assertTrue(compiled, errors + "\n" + code);
    assertEquals("", errors.toString());
  }
}
