package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.retort.processor.RevisionProcessor;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class DanglingDownValidatorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  @Test
  void danglingDown_failsOnTheEntrySuggestingTheClosestId() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject addPhoneIndex =
        revision("com.example.AddPhoneIndex", "@Revision(id = \"4d1a\", down = \"a1f3\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = {\"7b0\"})");

    Compilation compilation = compiler.compile(createUsers, addPhone, addPhoneIndex, addEmail);

    assertThat(compilation).failed();
    // The dangling entry leaves two heads (4d1a, 9c2e); they are not reported on top of it.
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/DanglingDown] revision 9c2e (AddEmail.java) has down = {"7b0"}, but no \
            revision has id "7b0"
              known ids: 4d1a, 77b0, a1f3 (did you mean "77b0"?); fix the id, or add the missing \
            revision to this module\
            """)
        .inFile(addEmail)
        .onLineContaining("down = {\"7b0\"}");
  }

  @Test
  void typoInMergeDown_failsOnThatEntryOnly() {
    JavaFileObject createUsers = revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")");
    JavaFileObject addPhone =
        revision("com.example.AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")");
    JavaFileObject merge =
        revision(
            "com.example.MergeHeads",
            """
            @Revision(
                id = "d4e5",
                down = {
                  "9c2e",
                  "a1f" // typo
                })\
            """);

    Compilation compilation = compiler.compile(createUsers, addEmail, addPhone, merge);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/DanglingDown] revision d4e5 (MergeHeads.java) has down = {"9c2e", "a1f"}, but \
            no revision has id "a1f"
              known ids: 77b0, 9c2e, a1f3 (did you mean "a1f3"?)\
            """)
        .inFile(merge)
        .onLineContaining("// typo");
  }

  @Test
  void manyKnownIds_listsTheTenClosestAndCountsTheRest() {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.add(revision("com.example.R00", "@Revision(id = \"r00\")"));
    for (int i = 1; i < 15; i++) {
      sources.add(
          revision(
              "com.example.R%02d".formatted(i),
              "@Revision(id = \"r%02d\", down = \"r%02d\")".formatted(i, i - 1)));
    }
    JavaFileObject broken = revision("com.example.Broken", "@Revision(id = \"x1\", down = \"r1\")");
    sources.add(broken);

    Compilation compilation = compiler.compile(sources);

    // Closest by edit distance, ties by id: r01 and r10..r14 are one edit from "r1", the rest
    // two. No suggestion: five ids start with "r1" and six are one edit away.
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/DanglingDown] revision x1 (Broken.java) has down = {"r1"}, but no revision has \
id "r1"
  known ids: r00, r01, r02, r03, r04, r10, r11, r12, r13, r14 and 5 more; fix the id, \
or add the missing revision to this module\
""")
        .inFile(broken)
        .onLineContaining("down = \"r1\"");
  }

  @Test
  void danglingDownWithNoOtherRevision_saysNone() {
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")");

    Compilation compilation = compiler.compile(addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("known ids: none; fix the id, or add the missing revision")
        .inFile(addEmail)
        .onLineContaining("down = \"77b0\"");
  }

  @Test
  void suggestion_neverNamesADescendant() {
    JavaFileObject a7 = revision("com.example.A7", "@Revision(id = \"a7\", down = \"a6\")");
    JavaFileObject a8 = revision("com.example.A8", "@Revision(id = \"a8\", down = \"a7\")");

    Compilation compilation = compiler.compile(a7, a8);

    // "a8" is one edit from "a6", but a8 follows a7: naming it would close a cycle.
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            has down = {"a6"}, but no revision has id "a6"
              known ids: a8; fix the id\
            """)
        .inFile(a7)
        .onLineContaining("down = \"a6\"");
  }

  @Test
  void malformedIds_areNeitherListedNorSuggested() {
    JavaFileObject bad = revision("com.example.Bad", "@Revision(id = \"77-b0\")");
    JavaFileObject addEmail =
        revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")");

    Compilation compilation = compiler.compile(bad, addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2); // the malformed id, and the dangling down
    assertThat(compilation)
        .hadErrorContaining("known ids: none; fix the id")
        .inFile(addEmail)
        .onLineContaining("down = \"77b0\"");
  }

  @Test
  void everyDownResolves_compiles() {
    Compilation compilation =
        compiler.compile(
            revision("com.example.CreateUsers", "@Revision(id = \"77b0\")"),
            revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")"));

    assertThat(compilation).succeededWithoutWarnings();
  }
}
