package dev.retort.runtime;

import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Retort#compare(TargetSchema)} found: the schema the revisions build at head compared
 * with a target schema. The differences are the pending changes: what a next revision has to do
 * so that the revisions build the target (pytest-alembic's "model definitions match DDL").
 *
 * @param revisions the schema the registry's revisions build, replayed from base to head into an
 *     empty scratch database, without Retort's own tables
 * @param target the target's schema, without Retort's own tables
 * @param diff the differences, {@code the revisions} on the left and {@code the target} on the
 *     right; empty when there are no pending changes
 */
public record SchemaComparison(Schema revisions, Schema target, SchemaDiff diff) {

  public SchemaComparison {
    Objects.requireNonNull(revisions, "revisions == null");
    Objects.requireNonNull(target, "target == null");
    Objects.requireNonNull(diff, "diff == null");
  }

  /** True when the target differs from what the revisions build: a revision is missing. */
  public boolean hasPendingChanges() {
    return !diff.isEmpty();
  }

  /** The differences, one a line; empty when there is none. */
  public List<String> differences() {
    return diff.differences();
  }

  /** The report for people: a summary line, then one line per difference. */
  @Override
  public String toString() {
    if (!hasPendingChanges()) {
      return "no pending changes: the target matches the schema the revisions build at head\n";
    }
    int count = diff.differences().size();
    StringBuilder text =
        new StringBuilder()
            .append("pending changes: the target differs from the schema the revisions build at")
            .append(" head in ")
            .append(count)
            .append(count == 1 ? " place" : " places")
            .append(" (")
            .append(diff.expectedName())
            .append(" ≠ ")
            .append(diff.actualName())
            .append(")\n");
    diff.differences().forEach(line -> text.append("  ").append(line).append('\n'));
    return text.toString();
  }
}
