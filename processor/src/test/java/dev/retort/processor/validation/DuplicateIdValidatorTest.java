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
              ids must be unique in a module; give AddPhoneIndex a new id and point its \
            children's down at it\
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
              ids must be unique in a module; give AddPhone and CreateUsers new ids and point \
            their children's down at them\
            """)
        .inFile(createUsers)
        .onLineContaining("@Revision(id = \"77b0\")");
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
