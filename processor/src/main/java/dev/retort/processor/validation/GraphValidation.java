package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import java.util.List;
import java.util.Optional;

/**
 * Runs the graph rules in their fixed order and hands out a {@link ValidatedGraph} only when no
 * error was reported, this run or before it (element checks, options).
 *
 * <p>The order matters: duplicate ids make a vertex ambiguous, so they come first; heads mean
 * something only on a complete graph without cycles, so they come last.
 */
public final class GraphValidation {
  private static final List<GraphValidator> RULES =
      List.of(
          new DuplicateIdValidator(),
          new DanglingDownValidator(),
          new CycleValidator(),
          new MultipleHeadsValidator());

  private GraphValidation() {}

  /** The names of the rules, in the order they run. */
  public static List<String> ruleNames() {
    return RULES.stream().map(GraphValidator::name).toList();
  }

  /**
   * Checks {@code graph} and returns it validated, or empty when {@code diagnostics} holds any
   * error.
   */
  public static Optional<ValidatedGraph> validate(RevisionGraph graph, Diagnostics diagnostics) {
    for (GraphValidator rule : RULES) {
      rule.validate(graph, diagnostics);
    }
    return diagnostics.errorCount() == 0
        ? Optional.of(new ValidatedGraph(graph))
        : Optional.empty();
  }
}
