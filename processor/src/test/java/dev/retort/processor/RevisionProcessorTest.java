package dev.retort.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.validation.Messages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** The processor as a whole: rounds, options, failures, and what it generates or does not. */
class RevisionProcessorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  @Test
  void independentErrors_areAllReportedInOneCompile_andNothingIsGenerated() {
    JavaFileObject createUsers =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;

            @Revision(id = "77b0")
            public abstract class CreateUsers implements Migration {}
            """);
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = {\"7b0\"})");
    RoundRecorder recorder = new RoundRecorder();

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new RevisionProcessor(), recorder)
            .compile(createUsers, addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.INVALID_REVISION + " CreateUsers (CreateUsers.java) is abstract")
        .inFile(createUsers)
        .onLineContaining("public abstract class CreateUsers");
    assertThat(compilation)
        .hadErrorContaining(Messages.DANGLING_DOWN + " revision 9c2e (AddEmail.java)")
        .inFile(addEmail)
        .onLineContaining("down = {\"7b0\"}");
    assertThat(recorder.types).containsExactly("com.example.AddEmail", "com.example.CreateUsers");
  }

  @Test
  void validGraph_generatesRegistryAndServiceEntry() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.db.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.db.RetortRegistry");
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.retort.runtime.RevisionRegistry")
        .contentsAsUtf8String()
        .isEqualTo("com.example.db.RetortRegistry\n");
  }

  @Test
  void registryPackageOption_placesTheRegistryThere() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.registryPackage=com.acme.migrations")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.acme.migrations.RetortRegistry");
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.retort.runtime.RevisionRegistry")
        .contentsAsUtf8String()
        .isEqualTo("com.acme.migrations.RetortRegistry\n");
  }

  @Test
  void invalidRegistryPackageOption_failsNamingTheSetting() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.registryPackage=com.1acme")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.registryPackage=com.1acme is not a Java package name;"
                + " use a dotted name such as -Aretort.registryPackage=com.example.db, or leave it"
                + " out to use the revisions' common package");
  }

  @Test
  void invalidDebugOption_failsNamingTheSetting() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.debug=yes")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.debug=yes is neither true nor false; use"
                + " -Aretort.debug=true, or leave it out");
  }

  @Test
  void invalidSqliteMinVersionOption_failsNamingTheSetting() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.sqliteMinVersion=3.x")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.sqliteMinVersion=3.x is not an SQLite version; use"
                + " major.minor or major.minor.patch from 3.0 on, such as"
                + " -Aretort.sqliteMinVersion=3.35, or leave it out for 3.35");
  }

  @Test
  void sqliteMinVersionBelow3_fails() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.sqliteMinVersion=2.8")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("-Aretort.sqliteMinVersion=2.8 is not an SQLite");
  }

  @Test
  void validSqliteOptions_compile() {
    Compilation compilation =
        compiler
            .withOptions(
                "-Aretort.sqliteMinVersion=3.53.1", "-Aretort.dialects= sqlite , postgresql")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void unknownDialectOption_failsNamingTheSetting() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.dialects=postgresql,mysql")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidOption] -Aretort.dialects=postgresql,mysql names \"mysql\", an unknown"
                + " dialect; use a comma-separated list from postgresql and sqlite, such as"
                + " -Aretort.dialects=postgresql, or leave it out for both");
  }

  @Test
  void emptyDialectOption_fails() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.dialects=")
            .compile(revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Retort/InvalidOption] -Aretort.dialects= has an empty entry;");
  }

  @Test
  void revisionsSharingNoPackage_putTheRegistryInPackageRetort() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("org.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("retort.RetortRegistry");
  }

  @Test
  void revisionsInSubpackages_putTheRegistryInTheirCommonPackage() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.db.users.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.db.email.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")"),
            revision("com.example.dbx.AddPhone", "@Revision(id = \"a1f3\", down = \"9c2e\")"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.RetortRegistry");
  }

  @Test
  void noRevisions_generatesNothing() {
    Compilation compilation =
        compiler.compile(
            JavaFileObjects.forSourceString(
                "com.example.Plain", "package com.example; public class Plain {}"));

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFiles()).isEmpty();
  }

  @Test
  void unresolvedIdConstant_leavesTheErrorToJavacWithoutCrashing() {
    JavaFileObject source =
        revision("com.example.CreateUsers", "@Revision(id = UNDEFINED_CONSTANT)");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(source)
        .onLineContaining("UNDEFINED_CONSTANT");
    assertNoStackTrace(compilation);
    // With the id unknown, the graph checks would only add false errors.
    assertThat(compilation.errors().get(0).getMessage(null)).doesNotContain("[Retort/");
  }

  @Test
  void unresolvedTransactionalConstant_leavesTheErrorToJavacWithoutCrashing() {
    JavaFileObject source =
        revision(
            "com.example.CreateUsers", "@Revision(id = \"77b0\", transactional = UNDEFINED_FLAG)");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(source)
        .onLineContaining("UNDEFINED_FLAG");
    assertNoStackTrace(compilation);
  }

  @Test
  void idFromConstantGeneratedInRoundOne_isReadInRoundTwo() {
    JavaFileObject source =
        revision("com.example.CreateUsers", "@Revision(id = GeneratedIds.CREATE_USERS)");
    SourceGenerator generator =
        new SourceGenerator(
            "com.example.GeneratedIds",
            """
            package com.example;

            public final class GeneratedIds {
              public static final String CREATE_USERS = "77b0";
            }
            """);

    Compilation compilation =
        Compiler.javac().withProcessors(new RevisionProcessor(), generator).compile(source);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("com.example.RetortRegistry")
        .contentsAsUtf8String()
        .contains("info(\"77b0\",");
  }

  @Test
  void revisionGeneratedByAnotherProcessor_failsAsLate() {
    SourceGenerator generator =
        new SourceGenerator(
            "com.example.AddEmail",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "9c2e", down = "77b0")
            public final class AddEmail implements Migration {
              @Override
              public void upgrade(Operations op) {}
            }
            """);

    Compilation compilation =
        Compiler.javac()
            .withProcessors(new RevisionProcessor(), generator)
            .compile(revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/LateRevision] AddEmail (AddEmail.java) was generated by another annotation"
                + " processor after Retort had read the revision graph, and a revision generated"
                + " by another processor cannot be counted; write AddEmail as a source file of"
                + " this module");
  }

  @Test
  void internalFailure_isAnErrorWithoutStackTrace() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new FailingFilerProcessor())
            .compile(revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/Internal] the Retort processor failed on com.example.RetortRegistry; please"
                + " report it with -Aretort.debug=true output");
    assertNoStackTrace(compilation);
  }

  @Test
  void internalFailureWithDebug_printsTheStackTraceAsNote() {
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new FailingFilerProcessor())
            .withOptions("-Aretort.debug=true")
            .compile(revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadNoteContaining("java.lang.IllegalStateException: filer is broken");
  }

  private static void assertNoStackTrace(Compilation compilation) {
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      assertThat(diagnostic.getMessage(null)).doesNotContain("Exception");
      assertThat(diagnostic.getMessage(null)).doesNotContain("\tat ");
    }
  }

  /** Records every type of every round, generated ones included. */
  static final class RoundRecorder extends AbstractProcessor {
    final Set<String> types = new TreeSet<>();

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      for (Element element : roundEnv.getRootElements()) {
        if (element instanceof TypeElement type) {
          types.add(type.getQualifiedName().toString());
        }
      }
      return false;
    }
  }

  /** Generates one source file in the first round, as other annotation processors do. */
  static final class SourceGenerator extends AbstractProcessor {
    private final String name;
    private final String source;
    private boolean done;

    SourceGenerator(String name, String source) {
      this.name = name;
      this.source = source;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      if (!done) {
        done = true;
        try (Writer writer = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          writer.write(source);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  /** Runs the real processor with a Filer that throws, as a processor bug would. */
  static final class FailingFilerProcessor extends AbstractProcessor {
    private final RevisionProcessor delegate = new RevisionProcessor();

    @Override
    public synchronized void init(ProcessingEnvironment env) {
      super.init(env);
      Filer failing =
          (Filer)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {Filer.class},
                  (proxy, method, args) -> {
                    throw new IllegalStateException("filer is broken");
                  });
      delegate.init(
          (ProcessingEnvironment)
              Proxy.newProxyInstance(
                  getClass().getClassLoader(),
                  new Class<?>[] {ProcessingEnvironment.class},
                  (proxy, method, args) -> {
                    if (method.getName().equals("getFiler")) {
                      return failing;
                    }
                    try {
                      return method.invoke(env, args);
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
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
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
