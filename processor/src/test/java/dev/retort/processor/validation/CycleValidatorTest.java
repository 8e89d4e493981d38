package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class CycleValidatorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  @Test
  void threeRevisionCycle_failsOnceAtTheSmallestId() {
    JavaFileObject createUsers =
        revision("com.example.CreateUsers", "@Revision(id = \"77b0\", down = {\"9c2e\"})");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = {\"a1f3\"})");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = {\"77b0\"})");

    Compilation compilation = compiler.compile(addPhone, createUsers, addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/Cycle] down references form a cycle: 77b0 (CreateUsers) -> 9c2e (AddEmail) \
            -> a1f3 (AddPhone) -> 77b0
              a revision's down may name only older revisions; remove "9c2e" from CreateUsers's \
            down\
            """)
        .inFile(createUsers)
        .onLineContaining("down = {\"9c2e\"}");
  }

  @Test
  void selfReference_failsOnce() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = {\"77b0\", \"9c2e\"})");

    Compilation compilation = compiler.compile(createUsers, addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/Cycle] down references form a cycle: 9c2e (AddEmail) -> 9c2e
              a revision's down may name only older revisions; remove "9c2e" from AddEmail's \
            down\
            """)
        .inFile(addEmail)
        .onLineContaining("down = {\"77b0\", \"9c2e\"}");
  }

  @Test
  void twoSeparateCycles_failOncePerCycle() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.A", "@Revision(id = \"a\", down = \"b\")"),
            revision("com.example.B", "@Revision(id = \"b\", down = \"a\")"),
            revision("com.example.C", "@Revision(id = \"c\", down = \"d\")"),
            revision("com.example.D", "@Revision(id = \"d\", down = {\"c\", \"e\"})"),
            revision("com.example.E", "@Revision(id = \"e\", down = \"c\")"));

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("a cycle: a (A) -> b (B) -> a");
    // Shortest of the cycles through c: c -> d -> c, not c -> d -> e -> c.
    assertThat(compilation).hadErrorContaining("a cycle: c (C) -> d (D) -> c");
  }

  @Test
  void diamond_compiles() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.A", "@Revision(id = \"a\")"),
            revision("com.example.B", "@Revision(id = \"b\", down = \"a\")"),
            revision("com.example.C", "@Revision(id = \"c\", down = \"a\")"),
            revision("com.example.D", "@Revision(id = \"d\", down = {\"b\", \"c\", \"a\"})"));

    assertThat(compilation).succeededWithoutWarnings();
  }
}
