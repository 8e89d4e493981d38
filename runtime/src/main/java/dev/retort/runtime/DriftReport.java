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
 */
public record DriftReport(List<String> revisions, String scratch, SchemaDiff diff) {

  public DriftReport {
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(scratch, "scratch == null");
    Objects.requireNonNull(diff, "diff == null");
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
    if (!hasDrift()) {
      return "no drift: the database matches its revisions at " + at + "\n";
    }
    StringBuilder text =
        new StringBuilder()
            .append("drift: the database differs from its revisions at ")
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
    return text.toString();
  }
}
