package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class DuplicateIdValidatorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  @Test
  void duplicateId_failsOnceOnTheClassThatSortsLast() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addPhoneIndex =
        revision("com.example.AddPhoneIndex", "@Revision(id = \"a1f3\", down = \"77b0\")");

    Compilation compilation = compiler.compile(addPhoneIndex, createUsers, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/DuplicateId] revision id "a1f3" is declared twice: AddPhone.java and \
            AddPhoneIndex.java
              ids must be unique in a module, and the compiler cannot tell which is the copy: the \
            one that a database already ran keeps the id (current() and the revision_id column of \
            retort_history show what ran there); give the other a new id and point its \
            children's down at it. If no database ran any of them, rename the newer copy\
            """)
        .inFile(addPhoneIndex)
        .onLineContaining("@Revision(id = \"a1f3\"");
  }

  @Test
  void idDeclaredThreeTimes_failsOnce() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail = revision("com.example.AddEmail", "@Revision(id = \"77b0\")");
    JavaFileObject addPhone = revision("com.example.AddPhone", "@Revision(id = \"77b0\")");

    Compilation compilation = compiler.compile(createUsers, addEmail, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/DuplicateId] revision id "77b0" is declared 3 times: AddEmail.java, \
            AddPhone.java and CreateUsers.java
              ids must be unique in a module, and the compiler cannot tell which is the copy: the \
            one that a database already ran keeps the id (current() and the revision_id column of \
            retort_history show what ran there); give each other one a new id and point their \
            children's down at it. If no database ran any of them, rename the newer copy\
            """)
        .inFile(createUsers)
        .onLineContaining("@Revision(id = \"77b0\")");
  }

  @Test
  void copyNamingItsOriginalInDown_failsOnceWithoutAFollowOnCycle() {
    // AddIndex was copied from AddPhone and meant to follow it, but kept its id: its down then
    // names its own id, and as it sorts first, the graph keeps it.
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addIndex =
        revision("com.example.AddIndex", "@Revision(id = \"a1f3\", down = \"a1f3\")");

    Compilation compilation = compiler.compile(createUsers, addPhone, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/DuplicateId] revision id \"a1f3\" is declared twice: AddIndex.java and"
                + " AddPhone.java")
        .inFile(addPhone)
        .onLineContaining("@Revision(id = \"a1f3\"");
  }

  @Test
  void copyFollowingAnotherBranch_failsOnceWithoutAFollowOnSecondHead() {
    // AddPhone2 was copied from AddPhone, kept its id, and names another head in its down: left
    // out of the graph, its down would leave AddEmail as a second head.
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addPhone2 =
        revision("com.example.AddPhone2", "@Revision(id = \"a1f3\", down = {\"9c2e\"})");

    Compilation compilation = compiler.compile(createUsers, addEmail, addPhone, addPhone2);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[Retort/DuplicateId] revision id \"a1f3\" is declared twice")
        .inFile(addPhone2)
        .onLineContaining("@Revision(id = \"a1f3\"");
  }

  @Test
  void duplicateBesideAnIndependentCycle_reportsBoth() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addPhoneIndex =
        revision("com.example.AddPhoneIndex", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject loopA =
        revision("com.example.LoopA", "@Revision(id = \"c001\", down = \"c002\")");
    JavaFileObject loopB =
        revision("com.example.LoopB", "@Revision(id = \"c002\", down = \"c001\")");

    Compilation compilation = compiler.compile(createUsers, addPhone, addPhoneIndex, loopA, loopB);

    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation).hadErrorContaining("[Retort/DuplicateId] revision id \"a1f3\"");
    assertThat(compilation).hadErrorContaining("[Retort/Cycle] down references form a cycle");
  }

  @Test
  void uniqueIds_compile() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")"),
            revision("com.example.AddPhoneIndex", "@Revision(id = \"A1F3\", down = \"a1f3\")"));

    assertThat(compilation).succeededWithoutWarnings();
  }
}
