package dev.retort.runtime;

import dev.retort.runtime.schema.SchemaDiff;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Retort#check()} found: the live schema compared with the schema its revisions build.
 *
 * @param revisions the version rows of the live database: the revisions that were replayed
 * @param scratch where they were replayed: a temporary file or a temporary schema, already removed
 * @param diff the differences, {@code the revisions} on the left and {@code the database} on the
 *     right; empty when there is no drift
 * @param invalidIndexes one line per invalid index in the live database (PostgreSQL), each naming
 *     the index, its table and the fix; such an index is left by a {@code CREATE INDEX
 *     CONCURRENTLY} that did not finish, and queries do not use it
 */
public record DriftReport(
    List<String> revisions, String scratch, SchemaDiff diff, List<String> invalidIndexes) {

  public DriftReport {
    revisions = List.copyOf(revisions);
    invalidIndexes = List.copyOf(invalidIndexes);
    Objects.requireNonNull(scratch, "scratch == null");
    Objects.requireNonNull(diff, "diff == null");
  }

  /** A report that found no invalid index. */
  public DriftReport(List<String> revisions, String scratch, SchemaDiff diff) {
    this(revisions, scratch, diff, List.of());
  }

  /** True when the live schema differs from what the revisions build, or has an invalid index. */
  public boolean hasProblems() {
    return hasDrift() || !invalidIndexes.isEmpty();
  }

  /** True when the live schema differs from what the revisions build. */
  public boolean hasDrift() {
    return !diff.isEmpty();
  }

  /** The differences, one a line. */
  public List<String> differences() {
    return diff.differences();
  }

  /** The report for people: a summary line, then one line per difference. */
  @Override
  public String toString() {
    String at = revisions.isEmpty() ? "base (no revision applied)" : String.join(", ", revisions);
    StringBuilder text = new StringBuilder();
    if (!hasDrift()) {
      text.append("no drift: the database matches its revisions at ").append(at).append('\n');
      appendInvalidIndexes(text);
      return text.toString();
    }
    text.append("drift: the database differs from its revisions at ")
            .append(at)
            .append(" in ")
            .append(diff.differences().size())
            .append(diff.differences().size() == 1 ? " place" : " places")
            .append(" (")
            .append(diff.expectedName())
            .append(" ≠ ")
            .append(diff.actualName())
            .append(")\n");
    diff.differences().forEach(line -> text.append("  ").append(line).append('\n'));
    appendInvalidIndexes(text);
    return text.toString();
  }

  private void appendInvalidIndexes(StringBuilder text) {
    if (!invalidIndexes.isEmpty()) {
      text.append(invalidIndexes.size())
          .append(invalidIndexes.size() == 1 ? " invalid index:\n" : " invalid indexes:\n");
      invalidIndexes.forEach(line -> text.append("  ").append(line).append('\n'));
    }
  }
}
