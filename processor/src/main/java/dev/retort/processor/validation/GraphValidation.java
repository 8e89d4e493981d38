package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.validation.body.RevisionBodyScanner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the graph rules in their fixed order and hands out a {@link ValidatedGraph} only when no
 * error was reported, this run or before it (element checks, options).
 *
 * <p>The order matters: duplicate ids make a vertex ambiguous, so they come first; heads mean
 * something only on a complete graph without cycles, so they come last among the graph rules. The
 * body rules, which read what each revision's {@code upgrade} and {@code downgrade} do, follow;
 * they do not depend on the graph's shape and run whatever the graph rules found.
 */
public final class GraphValidation {
  private final List<GraphValidator> rules;

  /**
   * The rules; the body rules read revision bodies through {@code bodies}. A revision that names no
   * dialects runs on {@code dialects}; {@code sqliteMinVersion} is the oldest SQLite supported.
   */
  public GraphValidation(
      RevisionBodyScanner bodies, Set<TargetDialect> dialects, SqliteVersion sqliteMinVersion) {
    this(bodies, dialects, sqliteMinVersion, LintRule.defaults());
  }

  /** As above, with each lock-safety rule at the severity {@code lint} gives it. */
  public GraphValidation(
      RevisionBodyScanner bodies,
      Set<TargetDialect> dialects,
      SqliteVersion sqliteMinVersion,
      Map<LintRule, LintSeverity> lint) {
    this.rules =
        List.of(
            new DuplicateIdValidator(),
            new DanglingDownValidator(),
            new CycleValidator(),
            new MultipleHeadsValidator(),
            new NonTransactionalValidator(bodies),
            new SqliteAlterValidator(bodies, dialects, sqliteMinVersion),
            new LockSafetyValidator(bodies, dialects, lint));
  }

  /** The names of the rules, in the order they run. */
  public List<String> ruleNames() {
    return rules.stream().map(GraphValidator::name).toList();
  }

  /**
   * Checks {@code graph} and returns it validated, or empty when {@code diagnostics} holds any
   * error.
   */
  public Optional<ValidatedGraph> validate(RevisionGraph graph, Diagnostics diagnostics) {
    for (GraphValidator rule : rules) {
      rule.validate(graph, diagnostics);
    }
    return diagnostics.errorCount() == 0
        ? Optional.of(new ValidatedGraph(graph))
        : Optional.empty();
  }
}
