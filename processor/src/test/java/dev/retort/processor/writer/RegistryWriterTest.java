package dev.retort.processor.writer;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.reversibleRevision;
import static dev.retort.processor.Sources.revision;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import dev.retort.runtime.Migration;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/** The generated registry: its source, once, and then what it does when run. */
class RegistryWriterTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  /**
   * A graph with a merge: 77b0 is the base, 9c2e and a1f3 branch from it, d4e5 joins them. The
   * classes sit in subpackages of com.example.db, where the registry goes.
   */
  private static List<JavaFileObject> mergeGraph() {
    return List.of(
        // Out of order on purpose: the registry's order comes from the graph.
        revision(
            "com.example.db.MergeHeads", "@Revision(id = \"d4e5\", down = {\"a1f3\", \"9c2e\"})"),
        reversibleRevision(
            "com.example.db.users.CreateUsers",
            "@Revision(id = \"77b0\", message = \"create users\")"),
        reversibleRevision(
            "com.example.db.users.AddEmail",
            "@Revision(id = \"9c2e\", down = \"77b0\", message = \"add \\\"email\\\" to users\")"),
        revision(
            "com.example.db.phones.AddPhone",
            "@Revision(id = \"a1f3\", down = \"77b0\", message = \"add phone\")"));
  }

  @Test
  void mergeGraph_matchesGolden(TestInfo test) throws IOException {
    Compilation compilation = compiler.compile(mergeGraph());

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.example.db.RetortRegistry")
        .contentsAsUtf8String()
        .isEqualTo(golden(test, "com.example.db.RetortRegistry.java"));
  }

  @Test
  void mergeGraph_registryRunsAndLoadsRevisionClassesOnlyInCreate() throws Exception {
    Compilation compilation = compiler.compile(mergeGraph());
    assertThat(compilation).succeededWithoutWarnings();
    RecordingClassLoader loader = RecordingClassLoader.of(compilation);
    List<String> revisionClasses =
        List.of(
            "com.example.db.users.CreateUsers",
            "com.example.db.users.AddEmail",
            "com.example.db.phones.AddPhone",
            "com.example.db.MergeHeads");

    RevisionRegistry registry = instance(loader, "com.example.db.RetortRegistry");
    List<RevisionInfo> revisions = registry.revisions();

    assertThat(revisions.stream().map(RevisionInfo::id).toList())
        .containsExactly("77b0", "9c2e", "a1f3", "d4e5")
        .inOrder();
    assertThat(revisions.get(3).downs()).containsExactly("a1f3", "9c2e").inOrder(); // as written
    assertThat(revisions.get(1).message()).isEqualTo("add \"email\" to users");
    assertThat(revisions.get(3).message()).isEmpty();
    assertThat(revisions.stream().map(RevisionInfo::className).toList())
        .containsExactlyElementsIn(revisionClasses)
        .inOrder();
    assertThat(revisions.stream().map(RevisionInfo::reversible).toList())
        .containsExactly(true, true, false, false)
        .inOrder();
    assertThat(registry.heads()).containsExactly("d4e5");
    assertThat(registry.revisions()).isSameInstanceAs(revisions);
    assertThrows(UnsupportedOperationException.class, () -> revisions.add(revisions.get(0)));
    // The promise: reading the registry loads no revision class.
    assertThat(loader.defined()).containsNoneIn(revisionClasses);

    Migration migration = registry.create(2);

    assertThat(migration.getClass().getName()).isEqualTo("com.example.db.phones.AddPhone");
    assertThat(loader.defined()).contains("com.example.db.phones.AddPhone");
    assertThat(loader.defined())
        .containsNoneOf(
            "com.example.db.users.CreateUsers",
            "com.example.db.users.AddEmail",
            "com.example.db.MergeHeads");
    for (int i = 0; i < revisions.size(); i++) {
      assertThat(registry.create(i).getClass().getName()).isEqualTo(revisions.get(i).className());
    }
    assertThrows(IndexOutOfBoundsException.class, () -> registry.create(-1));
    assertThrows(IndexOutOfBoundsException.class, () -> registry.create(4));
    assertThrows(IndexOutOfBoundsException.class, () -> registry.create(500));
  }

  @Test
  void mergeGraph_registryIsFoundByServiceLoader(@TempDir Path classes) throws Exception {
    Compilation compilation = compiler.compile(mergeGraph());
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.retort.runtime.RevisionRegistry")
        .contentsAsUtf8String()
        .isEqualTo("com.example.db.RetortRegistry\n");

    // Lay the output out as a class-path directory, as a build would.
    for (JavaFileObject file : compilation.generatedFiles()) {
      String path = file.toUri().getPath();
      if (path.startsWith("/CLASS_OUTPUT/")) {
        Path target = classes.resolve(path.substring("/CLASS_OUTPUT/".length()));
        Files.createDirectories(target.getParent());
        try (InputStream in = file.openInputStream()) {
          Files.write(target, in.readAllBytes());
        }
      }
    }
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, RegistryWriterTest.class.getClassLoader())) {
      List<RevisionRegistry> found =
          ServiceLoader.load(RevisionRegistry.class, loader).stream()
              .map(ServiceLoader.Provider::get)
              .toList();

      assertThat(found).hasSize(1);
      assertThat(found.get(0).getClass().getName()).isEqualTo("com.example.db.RetortRegistry");
      assertThat(found.get(0).heads()).containsExactly("d4e5");
    }
  }

  @Test
  void downgradeInheritedFromASuperclass_countsAsReversible() {
    JavaFileObject base =
        JavaFileObjects.forSourceString(
            "com.example.ReversibleMigration",
            """
            package com.example;

            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            public abstract class ReversibleMigration implements Migration {
              @Override
              public void downgrade(Operations op) {}
            }
            """);
    JavaFileObject createUsers =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            public final class CreateUsers extends ReversibleMigration {
              @Override
              public void upgrade(Operations op) {}
            }
            """);

    Compilation compilation = compiler.compile(base, createUsers);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.example.RetortRegistry")
        .contentsAsUtf8String()
        .contains("new RevisionInfo(\"77b0\", List.of(), \"\", \"com.example.CreateUsers\", true)");
  }

  @Test
  void revisionsNamedLikeTheRegistrysOwnTypes_compile() throws Exception {
    // JavaPoet qualifies a name wherever a simple name would be shadowed or clash.
    Compilation compilation =
        compiler.compile(
            revision("com.example.List", "@Revision(id = \"a\")"),
            revision("com.example.Part0", "@Revision(id = \"b\", down = \"a\")"),
            revision("com.example.Revisions", "@Revision(id = \"c\", down = \"b\")"),
            revision("com.example.RevisionInfo", "@Revision(id = \"d\", down = \"c\")"));

    assertThat(compilation).succeededWithoutWarnings();
    RevisionRegistry registry =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry");
    assertThat(registry.create(1).getClass().getName()).isEqualTo("com.example.Part0");
    assertThat(registry.create(3).getClass().getName()).isEqualTo("com.example.RevisionInfo");
  }

  @Test
  void twelveHundredRevisions_compileIntoPartsAndCreateTheLast() throws Exception {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(revision("com.example.chain.R0000", "@Revision(id = \"r0000\")"));
    for (int i = 1; i < 1200; i++) {
      sources.add(
          revision(
              "com.example.chain.R%04d".formatted(i),
              "@Revision(id = \"r%04d\", down = \"r%04d\")".formatted(i, i - 1)));
    }

    Compilation compilation = compiler.compile(sources);

    assertThat(compilation).succeededWithoutWarnings();
    String registrySource =
        compilation
            .generatedSourceFile("com.example.chain.RetortRegistry")
            .orElseThrow()
            .getCharContent(true)
            .toString();
    assertThat(registrySource).contains("private static final class Part2 {");
    assertThat(registrySource).doesNotContain("class Part3");

    RecordingClassLoader loader = RecordingClassLoader.of(compilation);
    RevisionRegistry registry = instance(loader, "com.example.chain.RetortRegistry");
    List<RevisionInfo> revisions = registry.revisions();

    assertThat(revisions).hasSize(1200);
    assertThat(revisions.stream().map(RevisionInfo::id).toList())
        .containsExactlyElementsIn(
            IntStream.range(0, 1200).mapToObj("r%04d"::formatted).collect(Collectors.toList()))
        .inOrder();
    assertThat(registry.heads()).containsExactly("r1199");
    assertThat(loader.defined().stream().filter(name -> name.matches(".*\\.R\\d{4}")).toList())
        .isEmpty();
    assertThat(registry.create(1199).getClass().getName()).isEqualTo("com.example.chain.R1199");
    assertThat(registry.create(500).getClass().getName()).isEqualTo("com.example.chain.R0500");
    assertThat(registry.create(499).getClass().getName()).isEqualTo("com.example.chain.R0499");
    assertThrows(IndexOutOfBoundsException.class, () -> registry.create(1200));
  }

  private static RevisionRegistry instance(ClassLoader loader, String name) throws Exception {
    return (RevisionRegistry) loader.loadClass(name).getField("INSTANCE").get(null);
  }

  /** Reads goldens/<TestClass>/<method>/<file> from the test resources. */
  private static String golden(TestInfo test, String file) throws IOException {
    String path =
        "/goldens/%s/%s/%s"
            .formatted(
                test.getTestClass().orElseThrow().getSimpleName(),
                test.getTestMethod().map(Method::getName).orElseThrow(),
                file);
    try (InputStream in = RegistryWriterTest.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("missing golden " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
