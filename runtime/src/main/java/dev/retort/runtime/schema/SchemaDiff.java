package dev.retort.runtime.schema;

import java.util.List;
import java.util.Objects;

/**
 * What differs between two schemas, in words, one line per difference, in a stable order:
 *
 * <pre>
 * table workout: column started_at: timestamp ≠ timestamp with time zone
 * table workout: index ix_workout_started: only in the revisions ((athlete_id, started_at))
 * table audit: only in the database
 * </pre>
 *
 * <p>A line is the path to the fact (table, then column, index or constraint, then attribute),
 * then either {@code expected ≠ actual} or which side alone has it. The comparison is between
 * normalised forms ({@link Schema#toText()}), so spellings that mean the same are no difference.
 * Column order is not compared.
 *
 * @param expectedName how the lines name the expected side: {@code the revisions}, {@code the
 *     snapshot}
 * @param actualName how they name the other: {@code the database}
 * @param differences the lines; empty when the schemas match
 */
public record SchemaDiff(String expectedName, String actualName, List<String> differences) {

  public SchemaDiff {
    Objects.requireNonNull(expectedName, "expectedName == null");
    Objects.requireNonNull(actualName, "actualName == null");
    differences = List.copyOf(differences);
  }

  /** The differences between {@code expected} and {@code actual}, named {@code expected} and
   * {@code actual}. */
  public static SchemaDiff between(Schema expected, Schema actual) {
    return between(expected, "expected", actual, "actual");
  }

  /** The differences between two schemas, each side named for the lines that name one side. */
  public static SchemaDiff between(
      Schema expected, String expectedName, Schema actual, String actualName) {
    return new SchemaDiff(
        expectedName,
        actualName,
        Outline.diff(Outline.of(expected), Outline.of(actual), expectedName, actualName));
  }

  /**
   * The differences between a schema's text as {@link Schema#toText()} wrote it (a committed
   * snapshot, say) and {@code actual}.
   *
   * @throws IllegalArgumentException when {@code expectedText} is not in that format, naming the
   *     line
   */
  public static SchemaDiff between(
      String expectedText, String expectedName, Schema actual, String actualName) {
    return new SchemaDiff(
        expectedName,
        actualName,
        Outline.diff(Outline.parse(expectedText), Outline.of(actual), expectedName, actualName));
  }

  /** True when the schemas match. */
  public boolean isEmpty() {
    return differences.isEmpty();
  }

  /** The lines, one per difference, each ending in a newline; empty when there is none. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    differences.forEach(line -> text.append(line).append('\n'));
    return text.toString();
  }
}
