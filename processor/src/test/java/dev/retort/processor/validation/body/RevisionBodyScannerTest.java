package dev.retort.processor.validation.body;

import static com.google.common.truth.Truth.assertThat;

import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * What the scanner yields for the bodies of compiled revisions. Each call is summarised in one
 * line: {@code method receiver.name(constants) [on op] [contexts] [in enclosing call] @line}, with
 * {@code ?} for an argument that is not a proven constant.
 */
class RevisionBodyScannerTest {
  private static JavaFileObject revision(String members) {
    return JavaFileObjects.forSourceString(
        "com.example.db.AddPhone",
        """
        package com.example.db;

        import static com.example.db.Names.PHONE;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;
        import java.util.List;

        @Revision(id = "a1f3")
        public final class AddPhone implements Migration, Names {
        %s}
        """
            .formatted(members));
  }

  private static final JavaFileObject NAMES =
      JavaFileObjects.forSourceString(
          "com.example.db.Names",
          """
          package com.example.db;

          public interface Names {
            String USERS = "users";
            String PHONE = "phone";
          }
          """);

  @Test
  void callsWithReceiversNamesAndConstants_inSourceOrder() {
    List<String> calls =
        scan(
            revision(
                """
                  private static final String TABLE = USERS;
                  private final String column = "phone";

                  @Override
                  public void upgrade(Operations op) {
                    op.execute("ALTER TABLE " + TABLE + " ADD " + PHONE + " text");
                    op.execute("UPDATE users SET phone = ?", "n/a");
                    op.execute(("x" + 1) + 'c' + Integer.MAX_VALUE + this.column);
                    op.execute(
                        \"""
                          SELECT 1 -- a comment in SQL
                        \""");
                    note(Sql.DROP);
                    op.connection();
                  }

                  @Override
                  public void downgrade(Operations op) {
                    op.execute(com.example.db.AddPhone.Sql.DROP);
                  }

                  static final class Sql {
                    static final String DROP = "ALTER TABLE users DROP phone";
                  }

                  private static void note(String text) {}
                """),
            NAMES);

    assertThat(calls)
        .containsExactly(
            "upgrade op.execute(\"ALTER TABLE users ADD phone text\") on op @17",
            "upgrade op.execute(\"UPDATE users SET phone = ?\", \"n/a\") on op @18",
            "upgrade op.execute(\"x1c2147483647phone\") on op @19",
            "upgrade op.execute(\"  SELECT 1 -- a comment in SQL\\n\") on op @20",
            "upgrade note(\"ALTER TABLE users DROP phone\") @24",
            "upgrade op.connection() on op @25",
            "downgrade op.execute(\"ALTER TABLE users DROP phone\") on op @30")
        .inOrder();
  }

  @Test
  void contextsAndEnclosingCalls_areRecorded() {
    List<String> calls =
        scan(
            revision(
                """
                  @Override
                  public void upgrade(Operations op) {
                    op.batchAlterTable("users", batch -> batch.alterColumn("phone", "text"));
                    for (String table : List.of("a")) {
                      op.execute(table);
                    }
                    if (op != null) {
                      op.execute("then");
                    } else {
                      op.execute("else");
                    }
                    try {
                      op.execute("try");
                    } catch (RuntimeException e) {
                      op.execute("catch");
                    } finally {
                      op.execute("finally");
                    }
                    boolean done = op == null || op.execute("or");
                    op.execute(String.valueOf(1));
                    new Object() {
                      void run(Operations op) {
                        op.execute("anonymous");
                      }
                    };
                  }
                """),
            NAMES);

    assertThat(calls)
        .containsExactly(
            "upgrade op.batchAlterTable(\"users\", ?) on op @14",
            "upgrade batch.alterColumn(\"phone\", \"text\") [LAMBDA] in batchAlterTable @14",
            "upgrade List.of(\"a\") [LOOP] @15",
            "upgrade op.execute(?) on op [LOOP] @16",
            "upgrade op.execute(\"then\") on op [CONDITIONAL] @19",
            "upgrade op.execute(\"else\") on op [CONDITIONAL] @21",
            "upgrade op.execute(\"try\") on op @24",
            "upgrade op.execute(\"catch\") on op [CONDITIONAL] @26",
            "upgrade op.execute(\"finally\") on op @28",
            "upgrade op.execute(\"or\") on op [CONDITIONAL] @30",
            "upgrade op.execute(?) on op @31",
            "upgrade String.valueOf(1) in execute @31",
            "upgrade op.execute(\"anonymous\") [LOCAL_CLASS] @34")
        .inOrder();
  }

  @Test
  void namesALocalCouldShadow_areNotConstants() {
    List<String> calls =
        scan(
            revision(
                """
                  private static final String SQL = "VACUUM";

                  @Override
                  public void upgrade(Operations op) {
                    op.execute(SQL);
                    String USERS = "accounts";
                    op.execute(USERS);
                    op.execute(Missing.SQL);
                    op.execute(null);
                  }
                """),
            NAMES);

    // SQL is declared nowhere in the method; USERS is, so it does not resolve to Names.USERS.
    assertThat(calls)
        .containsExactly(
            "upgrade op.execute(\"VACUUM\") on op @16",
            "upgrade op.execute(?) on op @18",
            "upgrade op.execute(?) on op @19",
            "upgrade op.execute(?) on op @20")
        .inOrder();
  }

  @Test
  void helperMethodsAndOtherOverloads_areNotScanned() {
    List<String> calls =
        scan(
            revision(
                """
                  @Override
                  public void upgrade(Operations op) {
                    helper(op);
                  }

                  public void upgrade(String notARevisionMethod) {
                    System.out.println("upgrade(String)");
                  }

                  private static void helper(Operations op) {
                    op.execute("VACUUM");
                  }
                """),
            NAMES);

    assertThat(calls).containsExactly("upgrade helper(?) @14");
  }

  @Test
  void builderChainArguments_areReadWithTheirType() {
    Probe probe = new Probe(false);
    Compiler.javac()
        .withProcessors(probe)
        .compile(
            revision(
                """
                  @Override
                  public void upgrade(Operations op) {
                    op.alterColumn(
                        "users",
                        "phone",
                        dev.retort.runtime.ops.ColumnChange.of()
                            .type(dev.retort.runtime.ops.ColumnType.text())
                            .notNull());
                    note((List.of("a")).subList(0, 1));
                    String Set = "not a type";
                    note(Set.trim().isEmpty());
                    note(op.connection());
                  }

                  private static void note(Object value) {}
                """),
            NAMES);

    // Set is a local variable here, so Set.trim() starts no chain; nor does op.connection().
    assertThat(probe.chains)
        .containsExactly(
            "alterColumn #2: dev.retort.runtime.ops.ColumnChange"
                + " of() type(dev.retort.runtime.ops.ColumnType text()) notNull()",
            // The chain's own calls are calls too, with chains of their own as arguments.
            "type #0: dev.retort.runtime.ops.ColumnType text()",
            "note #0: java.util.List of(?) subList(?, ?)")
        .inOrder();
  }

  @Test
  void withoutJavacTrees_findsNoCalls() {
    Probe probe = new Probe(true);
    Compiler.javac()
        .withProcessors(probe)
        .compile(
            revision(
                """
                  @Override
                  public void upgrade(Operations op) {
                    op.execute("VACUUM");
                  }
                """),
            NAMES);

    assertThat(probe.canRead).isFalse();
    assertThat(probe.calls).isEmpty();
  }

  /** Compiles {@code sources} with a probe processor and returns the summaries of its calls. */
  private static List<String> scan(JavaFileObject... sources) {
    Probe probe = new Probe(false);
    // Some sources call methods Operations lacks (batchAlterTable): the scanner reads trees
    // before javac attributes them, so only the probe's record matters, not the compile result.
    Compiler.javac().withProcessors(probe).compile(sources);
    assertThat(probe.canRead).isTrue();
    return probe.calls;
  }

  /** Runs the scanner over every {@code @Revision} class, through a wrapped environment if told. */
  static final class Probe extends AbstractProcessor {
    private final boolean wrapEnvironment;
    final List<String> calls = new ArrayList<>();
    final List<String> chains = new ArrayList<>();
    boolean canRead;

    Probe(boolean wrapEnvironment) {
      this.wrapEnvironment = wrapEnvironment;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("dev.retort.Revision");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
      if (annotations.isEmpty()) {
        return false;
      }
      ProcessingEnvironment env = wrapEnvironment ? wrap(processingEnv) : processingEnv;
      RevisionBodyScanner scanner = RevisionBodyScanner.of(env);
      canRead = scanner.canRead();
      ElementFilter.typesIn(roundEnv.getElementsAnnotatedWith(annotations.iterator().next()))
          .stream()
          .sorted(Comparator.comparing(type -> type.getQualifiedName().toString()))
          .forEach(
              type ->
                  scanner
                      .calls(type)
                      .forEach(
                          call -> {
                            calls.add(summary(call));
                            for (int i = 0; i < call.arguments().size(); i++) {
                              int index = i;
                              call.chain(i)
                                  .ifPresent(
                                      chain ->
                                          chains.add(
                                              call.name() + " #" + index + ": " + summary(chain)));
                            }
                          }));
      return false;
    }

    /** {@code type call(args) call(args)}, a nested chain in parentheses, {@code ?} otherwise. */
    private static String summary(BuilderChain chain) {
      return chain.type().getQualifiedName()
          + chain.calls().stream()
              .map(
                  link ->
                      link.chains().stream()
                          .map(nested -> nested.map(Probe::summary).orElse("?"))
                          .collect(Collectors.joining(", ", " " + link.name() + "(", ")")))
              .collect(Collectors.joining());
    }

    private static String summary(MethodCall call) {
      String arguments =
          call.constants().stream()
              .map(
                  value ->
                      value
                          .map(v -> v instanceof String s ? quote(s) : String.valueOf(v))
                          .orElse("?"))
              .collect(Collectors.joining(", ", "(", ")"));
      return call.revisionMethod()
          + " "
          + call.receiver().map(receiver -> receiver + ".").orElse("")
          + call.name()
          + arguments
          + (call.receiverIsParameter() ? " on op" : "")
          + (call.isUnconditional() ? "" : " " + new TreeSet<>(call.contexts()))
          + call.enclosingCall().map(outer -> " in " + outer.name()).orElse("")
          + " @"
          + call.position().line();
    }

    private static String quote(String s) {
      return "\"" + s.replace("\n", "\\n") + "\"";
    }

    /**
     * A proxy whose handler reaches javac's environment only through a supplier, so that
     * SourceTrees cannot unwrap it (Gradle's and IntelliJ's wrappers it does unwrap: see
     * WrappedEnvironmentTest).
     */
    private static ProcessingEnvironment wrap(ProcessingEnvironment env) {
      Supplier<ProcessingEnvironment> hidden = () -> env;
      return (ProcessingEnvironment)
          Proxy.newProxyInstance(
              Probe.class.getClassLoader(),
              new Class<?>[] {ProcessingEnvironment.class},
              (proxy, method, args) -> {
                try {
                  return method.invoke(hidden.get(), args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
