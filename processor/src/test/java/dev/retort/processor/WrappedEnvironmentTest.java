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
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.annotation.processing.Completion;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The body checks and checksums under the wrapped processing environments of Gradle and IntelliJ,
 * rebuilt here around the real javac environment: a class that keeps it in a field named {@code
 * delegate} (Gradle's {@code IncrementalProcessingEnvironment}), and a {@link Proxy} whose handler
 * captured it as {@code delegateTo} (IntelliJ's build). A wrapper Retort cannot see through must
 * produce one note saying which checks are off.
 */
class WrappedEnvironmentTest {
  private static final JavaFileObject CREATE_USERS =
      revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")");

  // A revision's checksum in the registry; the registry's DIGEST constant is not one.
  private static final Pattern CHECKSUM = Pattern.compile("(?<!DIGEST = )\"[0-9a-f]{64}\"");

  /** How a build tool wraps javac's environment before handing it to processors. */
  enum Wrapper {
    GRADLE_DELEGATE(GradleLikeEnvironment::new),
    INTELLIJ_PROXY(WrappedEnvironmentTest::intellijProxy),
    PROXY_AROUND_GRADLE(env -> intellijProxy(new GradleLikeEnvironment(env)));

    final UnaryOperator<ProcessingEnvironment> wrap;

    Wrapper(UnaryOperator<ProcessingEnvironment> wrap) {
      this.wrap = wrap;
    }
  }

  private static Compiler compiler(UnaryOperator<ProcessingEnvironment> wrap) {
    return Compiler.javac().withProcessors(new WrappingProcessor(new RevisionProcessor(), wrap));
  }

  private static JavaFileObject addPhone(String body) {
    return JavaFileObjects.forSourceString(
        "com.example.db.AddPhone",
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.ColumnChange;
        import dev.retort.runtime.ops.ColumnType;
        import dev.retort.runtime.ops.Operations;

        @Revision(id = "1b7e", down = {"77b0"})
        public final class AddPhone implements Migration {
          @Override
          public void upgrade(Operations op) {
        %s  }
        }
        """
            .formatted(body));
  }

  @ParameterizedTest
  @EnumSource(Wrapper.class)
  void sqliteAlterOutsideBatch_failsUnderTheWrapper(Wrapper wrapper) {
    JavaFileObject addPhone =
        addPhone(
            """
                op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
            """);

    Compilation compilation = compiler(wrapper.wrap).compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Messages.SQLITE_ALTER + " revision 1b7e (AddPhone.java) calls")
        .inFile(addPhone)
        .onLineContaining("op.alterColumn(\"users\"");
    assertNoBodyChecksNote(compilation);
  }

  @ParameterizedTest
  @EnumSource(Wrapper.class)
  void createIndexConcurrentlyInTransaction_failsUnderTheWrapper(Wrapper wrapper) {
    JavaFileObject addPhone =
        addPhone(
            """
                op.execute("CREATE INDEX CONCURRENTLY ix_users_phone ON users (phone)");
            """);

    Compilation compilation = compiler(wrapper.wrap).compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.NON_TRANSACTIONAL + " revision 1b7e (AddPhone.java) runs CREATE INDEX")
        .inFile(addPhone)
        .onLineContaining("CREATE INDEX CONCURRENTLY");
  }

  @ParameterizedTest
  @EnumSource(Wrapper.class)
  void validRevisions_registryCarriesTheSameChecksumsAsUnderPlainJavac(Wrapper wrapper) {
    JavaFileObject addPhone = addPhone("    op.execute(\"ALTER TABLE users ADD phone TEXT\");\n");

    Compilation wrapped = compiler(wrapper.wrap).compile(CREATE_USERS, addPhone);
    Compilation plain =
        Compiler.javac().withProcessors(new RevisionProcessor()).compile(CREATE_USERS, addPhone);

    assertThat(wrapped).succeededWithoutWarnings();
    assertNoBodyChecksNote(wrapped);
    String registry = registry(wrapped);
    assertThat(CHECKSUM.matcher(registry).results().count()).isEqualTo(2);
    assertThat(registry).isEqualTo(registry(plain));
  }

  @Test
  void opaqueWrapper_notesOnceWhichChecksAreOff() {
    JavaFileObject addPhone =
        addPhone(
            """
                op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
            """);

    Compilation compilation =
        compiler(env -> new OpaqueEnvironment(() -> env)).compile(CREATE_USERS, addPhone);

    // Nothing reads the body, so the SqliteAlter call goes unreported: which the note says.
    assertThat(compilation).succeeded();
    List<String> notes = bodyChecksNotes(compilation);
    assertThat(notes)
        .containsExactly(
            "[Retort/BodyChecksOff] the processing environment"
                + " dev.retort.processor.WrappedEnvironmentTest$OpaqueEnvironment is not javac's"
                + " and Retort could not unwrap it, so javac's tree API is missing and the checks"
                + " that read revision bodies are off: Retort/SqliteAlter,"
                + " Retort/NonTransactional and source checksums (validate() lists these revisions"
                + " as unrecorded); the graph checks still ran. Compile with javac (Maven, Gradle"
                + " and IntelliJ's javac builds are unwrapped) to run them");
    assertThat(CHECKSUM.matcher(registry(compilation)).find()).isFalse();
  }

  @Test
  void opaqueWrapper_graphChecksStillRun() {
    JavaFileObject addEmail =
        revision("com.example.db.AddEmail", "@Revision(id = \"9c2e\", down = {\"7b0\"})");

    Compilation compilation =
        compiler(env -> new OpaqueEnvironment(() -> env)).compile(CREATE_USERS, addEmail);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining("[Retort/DanglingDown]");
    assertThat(bodyChecksNotes(compilation)).hasSize(1);
  }

  private static String registry(Compilation compilation) {
    try {
      return compilation
          .generatedSourceFile("com.example.db.RetortRegistry")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertNoBodyChecksNote(Compilation compilation) {
    assertThat(bodyChecksNotes(compilation)).isEmpty();
  }

  private static List<String> bodyChecksNotes(Compilation compilation) {
    return compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.NOTE)
        .map(d -> d.getMessage(Locale.ROOT))
        .filter(m -> m.startsWith(Messages.BODY_CHECKS_OFF))
        .toList();
  }

  /**
   * A proxy as IntelliJ's build makes one: the handler is an anonymous class, so javac stores the
   * captured environment in a synthetic field named {@code val$delegateTo}.
   */
  static ProcessingEnvironment intellijProxy(ProcessingEnvironment delegateTo) {
    InvocationHandler handler =
        new InvocationHandler() {
          @Override
          public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            try {
              return method.invoke(delegateTo, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          }
        };
    return (ProcessingEnvironment)
        Proxy.newProxyInstance(
            WrappedEnvironmentTest.class.getClassLoader(),
            new Class<?>[] {ProcessingEnvironment.class},
            handler);
  }

  /** Gradle's {@code IncrementalProcessingEnvironment}: every call goes to {@code delegate}. */
  static class GradleLikeEnvironment extends ForwardingEnvironment {
    private final ProcessingEnvironment delegate;

    GradleLikeEnvironment(ProcessingEnvironment delegate) {
      this.delegate = delegate;
    }

    @Override
    ProcessingEnvironment target() {
      return delegate;
    }
  }

  /** A wrapper that keeps javac's environment out of reach: behind a supplier. */
  static class OpaqueEnvironment extends ForwardingEnvironment {
    private final Supplier<ProcessingEnvironment> source;

    OpaqueEnvironment(Supplier<ProcessingEnvironment> source) {
      this.source = source;
    }

    @Override
    ProcessingEnvironment target() {
      return source.get();
    }
  }

  abstract static class ForwardingEnvironment implements ProcessingEnvironment {
    abstract ProcessingEnvironment target();

    @Override
    public Map<String, String> getOptions() {
      return target().getOptions();
    }

    @Override
    public Messager getMessager() {
      return target().getMessager();
    }

    @Override
    public Filer getFiler() {
      return target().getFiler();
    }

    @Override
    public Elements getElementUtils() {
      return target().getElementUtils();
    }

    @Override
    public Types getTypeUtils() {
      return target().getTypeUtils();
    }

    @Override
    public SourceVersion getSourceVersion() {
      return target().getSourceVersion();
    }

    @Override
    public Locale getLocale() {
      return target().getLocale();
    }
  }

  /** Runs {@code delegate} with a wrapped environment, as the build tools do. */
  static final class WrappingProcessor implements Processor {
    private final Processor delegate;
    private final UnaryOperator<ProcessingEnvironment> wrap;

    WrappingProcessor(Processor delegate, UnaryOperator<ProcessingEnvironment> wrap) {
      this.delegate = delegate;
      this.wrap = wrap;
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
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
    public void init(ProcessingEnvironment processingEnv) {
      delegate.init(wrap.apply(processingEnv));
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      return delegate.process(annotations, roundEnv);
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
