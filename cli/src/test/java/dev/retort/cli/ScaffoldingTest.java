package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.CliProcess.Result;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revision} and {@code merge} as child processes, and what they write compiled afterwards
 * with javac and the real Retort processor: the scaffolding compiles, a branch fails the build
 * with {@code [Retort/MultipleHeads]}, and {@code merge heads} makes it compile again.
 */
class ScaffoldingTest {
  private static final Pattern ID = Pattern.compile("id = \"([0-9a-f]{12})\"");

  @TempDir Path tempDir;

  @Test
  void revisionThenBranchThenMerge_compilesWithTheProcessorAtEachStep() throws IOException {
    Path src = tempDir.resolve("src");
    Files.createDirectories(src);

    Result first =
        cli("revision", "-m", "create users", "--package", "com.example.db", "--source-dir",
            src.toString());
    Path createUsers = src.resolve("com/example/db/CreateUsers.java");
    assertEquals(createUsers + "\n", first.out());
    String base = id(createUsers);
    assertEquals(
        String.join(
            "\n",
            "package com.example.db;",
            "",
            "import dev.retort.Revision;",
            "import dev.retort.runtime.Migration;",
            "import dev.retort.runtime.ops.Operations;",
            "",
            "@Revision(id = \"" + base + "\", message = \"create users\")",
            "public final class CreateUsers implements Migration {",
            "  @Override",
            "  public void upgrade(Operations op) {",
            "  }",
            "",
            "  @Override",
            "  public void downgrade(Operations op) {",
            "  }",
            "}",
            ""),
        Files.readString(createUsers));

    cli("revision", "-m", "add email", "--source-dir", src.toString());
    Path addEmail = src.resolve("com/example/db/AddEmail.java");
    assertTrue(Files.readString(addEmail).contains("down = \"" + base + "\""));
    assertEquals("", compile(src));

    // A second branch from the base, as two developers would write it.
    cli("revision", "-m", "add phone", "--head", base.substring(0, 6), "--source-dir",
        src.toString());
    String twoHeads = compile(src);
    assertTrue(twoHeads.contains("[Retort/MultipleHeads] two heads"), twoHeads);

    Result refused = CliProcess.run(Map.of(), null, "revision", "-m", "more", "--source-dir",
        src.toString());
    assertEquals(1, refused.exitCode(), refused::toString);
    assertTrue(refused.err().contains("have 2 heads: "), refused::toString);

    Result merge =
        cli("merge", "heads", "-m", "merge email and phone", "--source-dir", src.toString());
    Path mergeFile = src.resolve("com/example/db/MergeEmailAndPhone.java");
    assertEquals(mergeFile + "\n", merge.out());
    List<String> heads = List.of(id(addEmail), id(src.resolve("com/example/db/AddPhone.java")));
    String downs =
        heads.stream().sorted().map(h -> "\"" + h + "\"").reduce((a, b) -> a + ", " + b).get();
    assertTrue(Files.readString(mergeFile).contains("down = {" + downs + "}"),
        Files.readString(mergeFile));
    assertEquals("", compile(src));
  }

  @Test
  void revision_withGivenId_andErrorsNamingTheFault() throws IOException {
    Path src = tempDir.resolve("src");
    Files.createDirectories(src);

    Result noPackage = CliProcess.run(Map.of(), null, "revision", "-m", "first", "--source-dir",
        src.toString());
    assertEquals(2, noPackage.exitCode(), noPackage::toString);
    assertTrue(noPackage.err().contains("give --package"), noPackage::toString);

    cli("revision", "-m", "2fa secrets", "--rev-id", "a1f3", "--package", "p", "--source-dir",
        src.toString());
    assertTrue(Files.readString(src.resolve("p/Revision2faSecrets.java")).contains("id = \"a1f3\""));

    Result taken = CliProcess.run(Map.of(), null, "revision", "-m", "other", "--rev-id", "a1f3",
        "--source-dir", src.toString());
    assertEquals(2, taken.exitCode(), taken::toString);
    assertTrue(taken.err().contains("--rev-id a1f3 is taken by Revision2faSecrets"), taken::toString);

    Result oneHead = CliProcess.run(Map.of(), null, "merge", "-m", "m", "--source-dir",
        src.toString());
    assertEquals(1, oneHead.exitCode(), oneHead::toString);
    assertTrue(oneHead.err().contains("one head, a1f3 (Revision2faSecrets.java); there is nothing to merge"),
        oneHead::toString);
    assertEquals("", compile(src));
  }

  private static Result cli(String... args) {
    Result result = CliProcess.run(Map.of(), null, args);
    assertEquals(0, result.exitCode(), result::toString);
    assertEquals("", result.err());
    return result;
  }

  private static String id(Path file) throws IOException {
    Matcher matcher = ID.matcher(Files.readString(file));
    assertTrue(matcher.find(), file.toString());
    return matcher.group(1);
  }

  /** Compiles every source under {@code src} with the Retort processor; returns the errors. */
  private String compile(Path src) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createTempDirectory(tempDir, "classes");
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(src)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
    }
    StringWriter errors = new StringWriter();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      boolean ok =
          compiler
              .getTask(
                  errors,
                  files,
                  null,
                  List.of(
                      "-classpath", CliProcess.classPath(),
                      "-processor", "dev.retort.processor.RevisionProcessor",
                      "-d", classes.toString()),
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
      if (ok) {
        assertTrue(Files.exists(classes.resolve(registryPath(sources))), "registry generated");
        return "";
      }
      assertFalse(errors.toString().isEmpty());
      return errors.toString();
    }
  }

  private static String registryPath(List<Path> sources) {
    Path first = sources.get(0);
    // All test revisions share one package: the registry goes there.
    return first.getParent().getFileName().toString().equals("p")
        ? "p/RetortRegistry.class"
        : "com/example/db/RetortRegistry.class";
  }
}
