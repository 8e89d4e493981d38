package dev.retort.runtime;

import java.util.List;

/**
 * One revision in {@link Retort#history()}, like a line of {@code alembic history
 * --indicate-current}.
 *
 * @param id the revision's id
 * @param downs the ids it follows
 * @param message its message
 * @param className the binary name of its class
 * @param isHead whether no revision follows it
 * @param isApplied whether the database has it applied
 * @param isCurrent whether the version table names it
 */
public record HistoryEntry(
    String id,
    List<String> downs,
    String message,
    String className,
    boolean isHead,
    boolean isApplied,
    boolean isCurrent) {

  public HistoryEntry {
    downs = List.copyOf(downs);
  }

  /** True for a revision with no down revisions. */
  public boolean isBase() {
    return downs.isEmpty();
  }

  /** True for a revision with two or more down revisions. */
  public boolean isMerge() {
    return downs.size() > 1;
  }
}
