package dev.retort.runtime;

import java.time.Duration;

/**
 * One revision that ran, in its own committed transaction.
 *
 * @param id the revision's id
 * @param message the revision's message
 * @param direction whether it was upgraded or downgraded
 * @param duration how long the revision and its version-table change took, commit included
 * @param skipped true when the revision did not run because its {@code @Revision(dialects = ...)}
 *     does not name the connected database; its version row moved all the same
 */
public record AppliedRevision(
    String id, String message, Direction direction, Duration duration, boolean skipped) {

  /** A revision that ran. */
  public AppliedRevision(String id, String message, Direction direction, Duration duration) {
    this(id, message, direction, duration, false);
  }
}
