package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.api.Test;

class GraphValidationTest {
  @Test
  void rules_runInTheDocumentedOrder() {
    // Duplicates make vertices ambiguous; heads mean something only on a complete, acyclic graph.
    assertThat(GraphValidation.ruleNames())
        .containsExactly(
            "Retort/DuplicateId", "Retort/DanglingDown", "Retort/Cycle", "Retort/MultipleHeads")
        .inOrder();
  }
}
