package dev.retort.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One row of the history table ({@code retort_history} by default), as {@link Retort#historyRows()}
 * returns it: what was done to the database, when, by whom and how long it took. Rows are never
 * changed once written.
 *
 * @param sequence the row's number in the table: later rows have larger numbers
 * @param revisionId the revision the row is about; {@code base} for a stamp to base
 * @param action what happened: one of {@link #UPGRADE}, {@link #DOWNGRADE}, {@link #STAMP}, {@link
 *     #ACCEPT}, {@link #SKIP_UPGRADE}, {@link #SKIP_DOWNGRADE}, {@link #START_UPGRADE} and {@link
 *     #START_DOWNGRADE}. A string, not an enum, so that a
 *     row written by a newer Retort can still be read
 * @param checksum the revision's checksum recorded with the row, or null (a stamp, or a revision
 *     compiled without its source)
 * @param appliedAt when the row was written, by the database's clock
 * @param duration how long the revision took, its version-row change included; zero for a stamp
 * @param appliedBy the database user that wrote the row; null on SQLite, which has no users
 */
public record HistoryRow(
    long sequence,
    String revisionId,
    String action,
    String checksum,
    Instant appliedAt,
    Duration duration,
    String appliedBy) {

  /** The revision's upgrade ran. */
  public static final String UPGRADE = "upgrade";

  /** The revision's downgrade ran. */
  public static final String DOWNGRADE = "downgrade";

  /** {@link Retort#stamp} set the version table without running anything. */
  public static final String STAMP = "stamp";

  /** {@link Retort#acceptChecksum} recorded this build's checksum. */
  public static final String ACCEPT = "accept";

  /**
   * The revision was recorded as upgraded without running: its {@code @Revision(dialects = ...)}
   * does not name the connected database.
   */
  public static final String SKIP_UPGRADE = "skip-up";

  /**
   * The revision was recorded as downgraded without running: its {@code @Revision(dialects = ...)}
   * does not name the connected database.
   */
  public static final String SKIP_DOWNGRADE = "skip-down";

  /**
   * A revision marked {@code transactional = false} started its upgrade; the {@link #UPGRADE} row
   * follows when it finishes. A start with no finish after it is a run that was interrupted: the
   * next upgrade says so, and drops the invalid indexes its interrupted {@code CREATE INDEX
   * CONCURRENTLY} statements left before they run again.
   */
  public static final String START_UPGRADE = "start-up";

  /** A revision marked {@code transactional = false} started its downgrade. */
  public static final String START_DOWNGRADE = "start-down";

  /** True for a row that records a revision skipped because it is for another database. */
  public boolean isSkipped() {
    return action.equals(SKIP_UPGRADE) || action.equals(SKIP_DOWNGRADE);
  }

  public HistoryRow {
    Objects.requireNonNull(revisionId, "revisionId == null");
    Objects.requireNonNull(action, "action == null");
    Objects.requireNonNull(appliedAt, "appliedAt == null");
    Objects.requireNonNull(duration, "duration == null");
  }
}
