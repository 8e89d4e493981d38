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
import dev.retort.runtime.Database;
import dev.retort.runtime.Migration;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
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
   * classes sit in subpackages of com.example.db, where the registry goes; a1f3 is not
   * transactional and names both dialects, 9c2e is PostgreSQL's alone.
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
            "@Revision(id = \"9c2e\", down = \"77b0\", message = \"add \\\"email\\\" to users\","
                + " dialects = \"postgresql\")"),
        revision(
            "com.example.db.phones.AddPhone",
            "@Revision(id = \"a1f3\", down = \"77b0\", message = \"add phone\","
                + " transactional = false, dialects = {\"sqlite\", \"postgresql\"})"));
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
    assertThat(revisions.stream().map(RevisionInfo::transactional).toList())
        .containsExactly(true, true, false, true)
        .inOrder();
    assertThat(revisions.stream().map(RevisionInfo::dialects).toList())
        .containsExactly(
            Set.of(),
            Set.of(Database.POSTGRESQL),
            Set.of(Database.POSTGRESQL, Database.SQLITE),
            Set.of())
        .inOrder();
    assertThat(revisions.get(1).runsOn(Database.SQLITE)).isFalse();
    assertThat(revisions.get(0).runsOn(Database.SQLITE)).isTrue();
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

  /** The digest of a two-revision chain whose second class has {@code members} in its body. */
  private static String digestOf(String message, String members) throws Exception {
    // A processor instance runs once, so a fresh compiler for each of several compilations.
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new RevisionProcessor())
            .compile(
                revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"),
                revision(
                    "com.example.db.AddEmail",
                    "@Revision(id = \"9c2e\", down = \"77b0\", message = \"" + message + "\")",
                    members));
    assertThat(compilation).succeededWithoutWarnings();
    return instance(RecordingClassLoader.of(compilation), "com.example.db.RetortRegistry")
        .digest();
  }

  @Test
  void digest_changesWithAnAppliedRevisionsBody_notWithItsCommentsOrMessage() throws Exception {
    String digest = digestOf("add email", "  int version = 1;\n");

    assertThat(digest).matches("[0-9a-f]{64}");
    assertThat(digestOf("add e-mail", "  // a comment\n  int version = 1;\n")).isEqualTo(digest);
    assertThat(digestOf("add email", "  int version = 2;\n")).isNotEqualTo(digest);
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
  void downgradeInheritedFromASuperclass_countsAsReversible() throws Exception {
    JavaFileObject base =
        JavaFileObjects.forSourceString(
            "com.example.ReversibleMigration",
"""
            package com.example;

            import dev.retort.runtime.Database;
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
    RevisionInfo info =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry")
            .revisions()
            .get(0);
    assertThat(info.className()).isEqualTo("com.example.CreateUsers");
    assertThat(info.reversible()).isTrue();
  }

  @Test
  void messagesAndDowns_reachTheRuntimeExactlyAsWritten() throws Exception {
    // The data rows are formatted by hand for speed: quotes, backslashes, JavaPoet's own '$',
    // control characters and non-ASCII must all survive into the compiled registry.
    String message = "say \"hi\" \\ to $users$ $L $S\n\ttabbed \u0000 caf\u00e9 \ud83d\ude80";
    Compilation compilation =
        compiler.compile(
            revision("com.example.A", "@Revision(id = \"a\")"),
            revision("com.example.B", "@Revision(id = \"b\", down = \"a\")"),
            revision(
                "com.example.C",
                "@Revision(id = \"c\", down = \"a\", message = \""
                    + message
                        .replace("\\", "\\\\")
                        .replace("\"", "\\\"")
                        .replace("\n", "\\n")
                        .replace("\t", "\\t")
                        .replace("\u0000", "\\u0000")
                    + "\")"),
            revision("com.example.M", "@Revision(id = \"m\", down = {\"c\", \"b\"})"));
    assertThat(compilation).succeededWithoutWarnings();

    List<RevisionInfo> revisions =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry").revisions();

    RevisionInfo c = revisions.stream().filter(r -> r.id().equals("c")).findFirst().orElseThrow();
    assertThat(c.message()).isEqualTo(message);
    assertThat(c.downs()).containsExactly("a");
    assertThat(revisions.get(0).downs()).isEmpty();
    assertThat(revisions.get(3).id()).isEqualTo("m");
    assertThat(revisions.get(3).downs()).containsExactly("c", "b").inOrder();
  }

  @Test
  void registry_carriesTransactionalAndA64HexChecksum() throws Exception {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision(
                "com.example.AddIndex",
                "@Revision(id = \"1b7e\", down = \"77b0\", transactional = false)",
                """
                  @Override
                  public void downgrade(Operations op) {
                    op.execute("DROP INDEX CONCURRENTLY ix_users_email");
                  }
                """));
    assertThat(compilation).succeededWithoutWarnings();

    List<RevisionInfo> revisions =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry").revisions();

    assertThat(revisions.get(0).transactional()).isTrue();
    assertThat(revisions.get(1).transactional()).isFalse();
    assertThat(revisions.get(0).checksum()).matches("[0-9a-f]{64}");
    assertThat(revisions.get(1).checksum()).matches("[0-9a-f]{64}");
    assertThat(revisions.get(1).checksum()).isNotEqualTo(revisions.get(0).checksum());
  }

  @Test
  void registry_carriesEachRevisionsTimeouts_andNullForTheDefault() throws Exception {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision(
                "com.example.AddStatus",
                "@Revision(id = \"1b7e\", down = \"77b0\", lockTimeout = \"3s\","
                    + " statementTimeout = \"2m\")"),
            revision(
                "com.example.AddIndex",
                "@Revision(id = \"c3e8\", down = \"1b7e\", transactional = false,"
                    + " lockTimeout = \"0\")"));
    assertThat(compilation).succeededWithoutWarnings();

    List<RevisionInfo> revisions =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry").revisions();

    assertThat(revisions.get(0).lockTimeout()).isNull();
    assertThat(revisions.get(0).statementTimeout()).isNull();
    assertThat(revisions.get(1).lockTimeout()).isEqualTo(java.time.Duration.ofSeconds(3));
    assertThat(revisions.get(1).statementTimeout()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(revisions.get(2).lockTimeout()).isEqualTo(java.time.Duration.ZERO);
    assertThat(revisions.get(2).statementTimeout()).isNull();
  }

  @Test
  void sourcesDifferingOnlyInFormatting_haveTheSameChecksumInTheRegistry() throws Exception {
    String formatted =
"""
        package com.example;

        import dev.retort.Revision;
        import dev.retort.runtime.Database;
import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        @Revision(id = "1b7e", down = {}, message = "index users by email")
        public final class AddIndex implements Migration {
          @Override
          public void upgrade(Operations op) {
            op.execute("CREATE INDEX ix_users_email ON users (email) -- by email");
            op.execute(
                \"""
                UPDATE users
                   SET email = lower(email)
                \""");
          }
        }
""";
    // Other line endings, indentation, wrapping, spacing and comments; another message, another
    // import and a brace in the header: all outside what the checksum covers.
    String reformatted =
"""
        package com.example;
        import dev.retort.Revision;
        import dev.retort.runtime.Database;
import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.*;
        import java.util.List;
        /** Adds an index. */
        @Revision(id = "1b7e", down = {}, message = "index users by { email }")
        public final class AddIndex /* { */ implements Migration
        {
            @Override public void upgrade( Operations op ) { // runs first
                op.execute( "CREATE INDEX ix_users_email ON users (email) -- by email" );
                /* lower-case every address */
                op.execute(\"""
                        UPDATE users
                           SET email = lower(email)
                        \""");
            }
        }
"""
            .replace("\n", "\r\n");

    String checksum = checksum(formatted);

    assertThat(checksum).matches("[0-9a-f]{64}");
    assertThat(checksum(reformatted)).isEqualTo(checksum);
    assertThat(checksum(formatted.replace("lower(email)", "upper(email)"))).isNotEqualTo(checksum);
    assertThat(checksum(formatted.replace("-- by email", "-- by e-mail"))).isNotEqualTo(checksum);
  }

  @Test
  void withoutJavacTrees_theChecksumIsNullAndTheRegistryStillCompiles() throws Exception {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new WrappedEnvironmentProcessor())
            .compile(revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
    RevisionInfo info =
        instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry")
            .revisions()
            .get(0);
    assertThat(info.checksum()).isNull();
    assertThat(info.transactional()).isTrue();
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

  /** The checksum the registry records for the one revision in {@code source}. */
  private static String checksum(String source) throws Exception {
    // A processor instance runs once, so each compile gets its own.
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new RevisionProcessor())
            .compile(JavaFileObjects.forSourceString("com.example.AddIndex", source));
    assertThat(compilation).succeededWithoutWarnings();
    return instance(RecordingClassLoader.of(compilation), "com.example.RetortRegistry")
        .revisions()
        .get(0)
        .checksum();
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

  /**
   * The real processor behind a wrapped {@link ProcessingEnvironment} that does not unwrap (as
   * under a compiler other than javac): javac's tree API is then out of reach.
   */
  static final class WrappedEnvironmentProcessor extends AbstractProcessor {
    private final RevisionProcessor delegate = new RevisionProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      // Behind a supplier, javac's environment cannot be unwrapped (SourceTrees unwraps the
      // wrappers Gradle and IntelliJ use: WrappedEnvironmentTest).
      Supplier<ProcessingEnvironment> hidden = () -> env;
      delegate.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> {
                    try {
                      return method.invoke(hidden.get(), args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                  }));
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      return delegate.process(annotations, roundEnv);
    }
  }
}
