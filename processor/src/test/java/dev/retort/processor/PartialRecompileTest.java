package dev.retort.processor;

import static com.google.common.truth.Truth.assertThat;

import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compile handed only some of the module's revision files, as maven-compiler-plugin with {@code
 * useIncrementalCompilation=false}, IDEs and Gradle do: the class output of the earlier compile is
 * the class output again and on the class path. compile-testing keeps its class output in memory
 * and fresh for every compile, so these tests drive javac through {@code javax.tools} on real
 * directories, as a build tool does.
 */
class PartialRecompileTest {
  private static final String PACKAGE = "com/example/db/";

  @TempDir Path project;
  private Path sources;
  private Path classes;
  private Path generated;

  @BeforeEach
  void writeModule() throws IOException {
    sources = project.resolve("src");
    classes = project.resolve("classes");
    generated = project.resolve("generated");
    Files.createDirectories(sources.resolve(PACKAGE));
    Files.createDirectories(classes);
    Files.createDirectories(generated);
    // 77b0 <- 9c2e, 77b0 <- a1f3, {9c2e, a1f3} <- d4e5: a merge head.
    write(
        "CreateUsers", "@Revision(id = \"77b0\")", "op.execute(\"CREATE TABLE users (id INT)\");");
    write(
        "AddEmail",
        "@Revision(id = \"9c2e\", down = \"77b0\")",
        "op.execute(\"ALTER TABLE users ADD COLUMN email TEXT\");");
    write(
        "AddPhone",
        "@Revision(id = \"a1f3\", down = \"77b0\")",
        "op.execute(\"ALTER TABLE users ADD COLUMN phone TEXT\");");
    write("MergeHeads", "@Revision(id = \"d4e5\", down = {\"9c2e\", \"a1f3\"})", "");
  }

  @Test
  void mergeRevisionRecompiledAlone_registryListsEveryRevision() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();
    Map<String, String> full = checksums();

    assertThat(compile("MergeHeads")).isEmpty();

    assertThat(checksums()).isEqualTo(full);
    assertThat(ids()).containsExactly("77b0", "9c2e", "a1f3", "d4e5").inOrder();
  }

  @Test
  void editedRevisionRecompiledAlone_keepsTheOthersChecksumsAndTakesItsNewOne() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();
    Map<String, String> full = checksums();
    assertThat(full.values()).doesNotContain(null);

    write(
        "AddPhone",
        "@Revision(id = \"a1f3\", down = \"77b0\")",
        "op.execute(\"ALTER TABLE users ADD COLUMN phone VARCHAR(32)\");");
    assertThat(compile("AddPhone")).isEmpty();

    Map<String, String> partial = checksums();
    assertThat(partial.keySet()).containsExactly("77b0", "9c2e", "a1f3", "d4e5");
    assertThat(partial.get("a1f3")).isNotEqualTo(full.get("a1f3"));
    partial.remove("a1f3");
    full.remove("a1f3");
    assertThat(partial).isEqualTo(full);
  }

  @Test
  void newRevisionCompiledAlone_joinsTheGraphOfTheEarlierCompile() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    write("AddAudit", "@Revision(id = \"e07f\", down = \"d4e5\")", "");
    assertThat(compile("AddAudit")).isEmpty();

    assertThat(ids()).containsExactly("77b0", "9c2e", "a1f3", "d4e5", "e07f").inOrder();
  }

  @Test
  void newHeadCompiledAlone_isCheckedAgainstTheWholeGraph() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    write("AddAudit", "@Revision(id = \"e07f\", down = \"a1f3\")", "");
    List<String> errors = compile("AddAudit");

    assertThat(errors).hasSize(1);
    assertThat(errors.get(0))
        .startsWith(
            "[Retort/MultipleHeads] two heads: d4e5 (MergeHeads.java) and e07f (AddAudit.java)");
  }

  @Test
  void errorAboutARevisionOfTheEarlierCompile_sitsInThisCompilesFile() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    // A second head that sorts first: the head reported on is d4e5, which this compile read from
    // its class file.
    write("AddAudit", "@Revision(id = \"0e07\", down = \"a1f3\")", "");
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    compile(diagnostics, "AddAudit");

    List<Diagnostic<? extends JavaFileObject>> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).getMessage(Locale.ROOT))
        .startsWith(
            "[Retort/MultipleHeads] two heads: 0e07 (AddAudit.java) and d4e5 (MergeHeads.java)");
    assertThat(errors.get(0).getSource().getName()).endsWith("AddAudit.java");
  }

  @Test
  void danglingDownInARevisionOfTheEarlierCompile_isReportedInThisCompilesFile() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    Files.delete(sources.resolve(PACKAGE + "CreateUsers.java"));
    Files.delete(classes.resolve(PACKAGE + "CreateUsers.class"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    compile(diagnostics, "AddPhone");

    List<Diagnostic<? extends JavaFileObject>> errors =
        diagnostics.getDiagnostics().stream()
            .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
            .toList();
    assertThat(
            errors.stream().map(d -> d.getMessage(Locale.ROOT).lines().findFirst().orElseThrow()))
        .containsExactly(
            "[Retort/DanglingDown] revision 9c2e (AddEmail.java) has down = {\"77b0\"}, but no"
                + " revision has id \"77b0\"",
            "[Retort/DanglingDown] revision a1f3 (AddPhone.java) has down = {\"77b0\"}, but no"
                + " revision has id \"77b0\"");
    for (Diagnostic<? extends JavaFileObject> error : errors) {
      assertThat(error.getSource().getName()).endsWith("AddPhone.java");
    }
  }

  @Test
  void deletedRevision_isDroppedFromTheRegistry() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    // A build that cleans up after a deleted source removes its class file too.
    Files.delete(sources.resolve(PACKAGE + "MergeHeads.java"));
    Files.delete(classes.resolve(PACKAGE + "MergeHeads.class"));
    write("AddEmail", "@Revision(id = \"9c2e\", down = \"a1f3\")", "");
    assertThat(compile("AddEmail")).isEmpty();

    assertThat(ids()).containsExactly("77b0", "a1f3", "9c2e").inOrder();
  }

  @Test
  void classNoLongerARevision_isDroppedFromTheRegistry() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    Files.writeString(
        sources.resolve(PACKAGE + "MergeHeads.java"),
        "package com.example.db;\n\npublic final class MergeHeads {}\n");
    write("AddEmail", "@Revision(id = \"9c2e\", down = \"a1f3\")", "");
    assertThat(compile("AddEmail", "MergeHeads")).isEmpty();

    assertThat(ids()).containsExactly("77b0", "a1f3", "9c2e").inOrder();
  }

  @Test
  void renamedRevisionWithStaleClassFile_failsNamingTheStaleClass() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    // Renamed without a clean build: MergeHeads.class stays in the class output.
    Files.delete(sources.resolve(PACKAGE + "MergeHeads.java"));
    write("JoinBranches", "@Revision(id = \"d4e5\", down = {\"9c2e\", \"a1f3\"})", "");
    List<String> errors = compile("JoinBranches");

    assertThat(errors)
        .containsExactly(
            """
            [Retort/DuplicateId] revision id "d4e5" is declared twice: JoinBranches.java and \
            MergeHeads.java
              MergeHeads has id "d4e5" in the class output of an earlier build, and its source is \
            not part of this compile; if you renamed or deleted MergeHeads.java, remove the stale \
            class file with a clean build (mvn clean compile). Otherwise give JoinBranches, which \
            is new since that build, a new id and point its children's down at it""");
  }

  @Test
  void copiedRevisionKeepingItsId_failsNamingTheCopyAsTheOneToRename() throws Exception {
    assertThat(compile("CreateUsers", "AddEmail", "AddPhone", "MergeHeads")).isEmpty();

    write("AddPhoneIndex", "@Revision(id = \"a1f3\", down = \"77b0\")", "");
    List<String> errors =
        compile("CreateUsers", "AddEmail", "AddPhone", "AddPhoneIndex", "MergeHeads");

    assertThat(errors)
        .containsExactly(
            """
            [Retort/DuplicateId] revision id "a1f3" is declared twice: AddPhone.java and \
            AddPhoneIndex.java
              the last build registered AddPhone under "a1f3", so it keeps the id; give \
            AddPhoneIndex, which is new since that build, a new id and point its children's down \
            at it""");
  }

  /** Writes {@code PACKAGE + name}.java, a revision whose upgrade runs {@code body}. */
  private void write(String name, String annotation, String body) throws IOException {
    Files.writeString(
        sources.resolve(PACKAGE + name + ".java"),
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        %s
        public final class %s implements Migration {
          @Override
          public void upgrade(Operations op) {
            %s
          }
        }
        """
            .formatted(annotation, name, body));
  }

  /**
   * Compiles the named sources into the class output, which is also on the class path, with the
   * processor; returns the error messages.
   */
  private List<String> compile(String... names) throws IOException {
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    compile(diagnostics, names);
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> d.getMessage(Locale.ROOT))
        .collect(Collectors.toList());
  }

  private void compile(DiagnosticCollector<JavaFileObject> diagnostics, String... names)
      throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<File> compiled = new ArrayList<>();
      for (String name : names) {
        compiled.add(sources.resolve(PACKAGE + name + ".java").toFile());
      }
      List<String> options =
          List.of(
              "-d",
              classes.toString(),
              "-s",
              generated.toString(),
              "-classpath",
              classes + File.pathSeparator + System.getProperty("java.class.path"),
              "-implicit:none");
      JavaCompiler.CompilationTask task =
          javac.getTask(
              null, files, diagnostics, options, null, files.getJavaFileObjectsFromFiles(compiled));
      task.setProcessors(List.of(new RevisionProcessor()));
      task.call();
    }
  }

  /** The registry in the class output, loaded afresh. */
  private List<RevisionInfo> revisions() throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, PartialRecompileTest.class.getClassLoader())) {
      RevisionRegistry registry =
          (RevisionRegistry)
              loader.loadClass("com.example.db.RetortRegistry").getField("INSTANCE").get(null);
      return registry.revisions();
    }
  }

  private List<String> ids() throws Exception {
    return revisions().stream().map(RevisionInfo::id).toList();
  }

  /** Each revision's checksum, by id. */
  private Map<String, String> checksums() throws Exception {
    Map<String, String> checksums = new TreeMap<>();
    revisions().forEach(r -> checksums.put(r.id(), r.checksum()));
    return checksums;
  }
}
