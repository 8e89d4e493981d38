package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import dev.retort.processor.validation.body.RevisionBodyScanner;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class GraphValidationTest {
  @Test
  void rules_runInTheDocumentedOrder() {
    // Duplicates make vertices ambiguous; heads mean something only on a complete, acyclic graph;
    // the body rules come after the graph rules.
    assertThat(
            new GraphValidation(
                    RevisionBodyScanner.unavailable(),
                    EnumSet.allOf(TargetDialect.class),
                    SqliteVersion.DEFAULT_MINIMUM)
                .ruleNames())
        .containsExactly(
            "Retort/DuplicateId",
            "Retort/DanglingDown",
            "Retort/Cycle",
            "Retort/MultipleHeads",
            "Retort/NonTransactional",
            "Retort/SqliteAlter",
            "Retort/LockSafety")
        .inOrder();
  }
}
