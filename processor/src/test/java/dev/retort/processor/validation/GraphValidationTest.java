package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import dev.retort.processor.validation.body.RevisionBodyScanner;
import org.junit.jupiter.api.Test;

class GraphValidationTest {
  @Test
  void rules_runInTheDocumentedOrder() {
    // Duplicates make vertices ambiguous; heads mean something only on a complete, acyclic graph;
    // the body rules come after the graph rules.
    assertThat(new GraphValidation(RevisionBodyScanner.unavailable()).ruleNames())
        .containsExactly(
            "Retort/DuplicateId",
            "Retort/DanglingDown",
            "Retort/Cycle",
            "Retort/MultipleHeads",
            "Retort/NonTransactional")
        .inOrder();
  }
}
