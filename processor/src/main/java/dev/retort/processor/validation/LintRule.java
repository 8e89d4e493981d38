package dev.retort.processor.validation;

import java.util.Arrays;
import java.util.Optional;

/**
 * The compile-time lock-safety rules for revisions that may run on PostgreSQL, each with its stable
 * name (the tag is {@code [Retort/<name>]}), the processor option that sets its severity ({@code
 * -Aretort.lint.<name>=error|warning|off}) and its default severity. {@link LockSafetyValidator}
 * checks them all.
 */
public enum LintRule {
  /** CREATE INDEX without CONCURRENTLY on a table an earlier revision created. */
  NON_CONCURRENT_INDEX("NonConcurrentIndex", LintSeverity.WARNING),
  /** DROP INDEX without CONCURRENTLY; opt-in. */
  NON_CONCURRENT_INDEX_DROP("NonConcurrentIndexDrop", LintSeverity.OFF),
  /** A foreign key or CHECK constraint added to an existing table without NOT VALID. */
  CONSTRAINT_WITHOUT_NOT_VALID("ConstraintWithoutNotValid", LintSeverity.WARNING),
  /** SET NOT NULL on an existing table without a CHECK (column IS NOT NULL) before it. */
  SET_NOT_NULL("SetNotNull", LintSeverity.WARNING),
  /** A column type change that rewrites the table. */
  COLUMN_TYPE_REWRITE("ColumnTypeRewrite", LintSeverity.WARNING),
  /** A column added with a volatile default, as stored generated, or as identity. */
  REWRITING_ADD_COLUMN("RewritingAddColumn", LintSeverity.WARNING),
  /** A UNIQUE constraint added to an existing table by building its index under the lock. */
  UNIQUE_WITHOUT_INDEX("UniqueWithoutIndex", LintSeverity.WARNING),
  /** A column or table renamed or dropped while the running application may still use it. */
  BACKWARD_INCOMPATIBLE("BackwardIncompatible", LintSeverity.WARNING),
  /** A {@code json} column where {@code jsonb} would do; opt-in. */
  PREFER_JSONB("PreferJsonb", LintSeverity.OFF),
  /** A {@code timestamp} column without time zone; opt-in. */
  PREFER_TIMESTAMPTZ("PreferTimestamptz", LintSeverity.OFF);

  /** The option that sets the severity of every rule at once; a rule's own option wins. */
  public static final String ALL_OPTION = "retort.lint";

  private final String ruleName;
  private final LintSeverity defaultSeverity;

  LintRule(String ruleName, LintSeverity defaultSeverity) {
    this.ruleName = ruleName;
    this.defaultSeverity = defaultSeverity;
  }

  /** The stable name: {@code NonConcurrentIndex}, as tags, options and {@code @Allow} write it. */
  public String ruleName() {
    return ruleName;
  }

  /** The tag of its messages: {@code [Retort/NonConcurrentIndex]}. */
  public String tag() {
    return "[Retort/" + ruleName + "]";
  }

  /** The processor option for this rule: {@code retort.lint.NonConcurrentIndex}. */
  public String option() {
    return ALL_OPTION + "." + ruleName;
  }

  public LintSeverity defaultSeverity() {
    return defaultSeverity;
  }

  /** Every rule at its default severity. */
  public static java.util.Map<LintRule, LintSeverity> defaults() {
    java.util.Map<LintRule, LintSeverity> lint = new java.util.EnumMap<>(LintRule.class);
    for (LintRule rule : values()) {
      lint.put(rule, rule.defaultSeverity);
    }
    return lint;
  }

  /** The rule named exactly {@code name}; empty for any other text. */
  public static Optional<LintRule> named(String name) {
    return Arrays.stream(values()).filter(rule -> rule.ruleName.equals(name)).findFirst();
  }
}
