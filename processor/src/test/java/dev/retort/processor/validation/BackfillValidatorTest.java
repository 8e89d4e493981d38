package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class BackfillValidatorTest {
  private static final JavaFileObject CREATE_WORKOUT =
      revision("com.example.db.CreateWorkout", "@Revision(id = \"77b0\")");

  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  /** FillDistance, 5d2c after 77b0, with {@code annotation} and {@code body} as its upgrade. */
  private static JavaFileObject fillDistance(String annotation, String body) {
    return JavaFileObjects.forSourceString(
        "com.example.db.FillDistance",
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Backfill;
        import dev.retort.runtime.ops.Operations;

        %s
        public final class FillDistance implements Migration {
          @Override
          public void upgrade(Operations op) {
        %s
          }

          @Override
          public void downgrade(Operations op) {}
        }
        """
            .formatted(annotation, body));
  }

  private static final String BACKFILL =
      """
          op.backfill(Backfill.update("workout", "distance_m = distance_km * 1000").key("id"));
      """;

  @Test
  void backfillInTransactionalRevision_failsOnTheCallWithTheAnnotationToPaste() {
    JavaFileObject fill =
        fillDistance("@Revision(id = \"5d2c\", down = {\"77b0\"}, message = \"fill\")", BACKFILL);

    Compilation compilation = compiler.compile(CREATE_WORKOUT, fill);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/BackfillInTransaction] revision 5d2c (FillDistance.java) runs op.backfill(...) inside \
its transaction, but a backfill commits each chunk on its own so that a killed run resumes where \
it stopped
  add transactional = false to its @Revision: @Revision(id = "5d2c", down = {"77b0"}, \
message = "fill", transactional = false)\
""")
        .inFile(fill)
        .onLineContaining("op.backfill(");
  }

  @Test
  void transactionalWrittenOutAsTrue_saysSetIt() {
    JavaFileObject fill =
        fillDistance(
            "@Revision(id = \"5d2c\", down = {\"77b0\"}, transactional = true)",
            "    if (op.dialect() != null) {\n  " + BACKFILL + "    }");

    Compilation compilation = compiler.compile(CREATE_WORKOUT, fill);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Messages.BACKFILL_IN_TRANSACTION)
        .inFile(fill)
        .onLineContaining("op.backfill(");
    assertThat(compilation)
        .hadErrorContaining(
            "set transactional = false in its @Revision: @Revision(id = \"5d2c\", down ="
                + " {\"77b0\"}, transactional = false)");
  }

  @Test
  void twoBackfillsInOneRevision_oneErrorOnTheFirst() {
    JavaFileObject fill =
        fillDistance(
            "@Revision(id = \"5d2c\", down = {\"77b0\"})",
            BACKFILL
                + """
                    op.backfill(Backfill.update("workout", "pace = 1").key("id"));
                """);

    Compilation compilation = compiler.compile(CREATE_WORKOUT, fill);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Messages.BACKFILL_IN_TRANSACTION)
        .inFile(fill)
        .onLineContaining("distance_m = distance_km");
  }

  @Test
  void backfillInNonTransactionalRevision_compiles() {
    JavaFileObject fill =
        fillDistance(
            "@Revision(id = \"5d2c\", down = {\"77b0\"}, transactional = false)", BACKFILL);

    Compilation compilation = compiler.compile(CREATE_WORKOUT, fill);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void backfillOnAnotherReceiver_isNotReported() {
    // Not the revision's op: a method of the same name elsewhere is none of this rule's business.
    JavaFileObject fill =
        fillDistance(
            "@Revision(id = \"5d2c\", down = {\"77b0\"})",
            """
                new Object() {
                  void backfill(String table) {}
                }.backfill("workout");
            """);

    Compilation compilation = compiler.compile(CREATE_WORKOUT, fill);

    assertThat(compilation).succeededWithoutWarnings();
  }
}
