package dev.retort.runtime;

import java.util.List;
import java.util.Objects;

/**
 * An offline migration script, Alembic's {@code --sql}: the statements of {@link
 * Retort#upgradeScript} or {@link Retort#downgradeScript}, for a DBA to review and run, written
 * without a connection to the target database.
 *
 * <p>Per revision, in order: a comment naming it, {@code BEGIN}, its statements, its version-row
 * change and history row, {@code COMMIT}. A revision marked {@code transactional = false} has its
 * statements outside the transaction, under a comment that says so. A script that starts from
 * {@code base} first creates the version and history tables. Every statement ends with {@code ;} at
 * the end of a line; {@code psql -v ON_ERROR_STOP=1 -f} and {@code sqlite3 -bail} run it as
 * written.
 *
 * @param text the script
 * @param dialect the database it is written for: {@code PostgreSQL} or {@code SQLite}
 * @param direction whether it upgrades or downgrades
 * @param from the version rows the script starts from (empty for base)
 * @param to the version rows the script leaves
 * @param revisions the ids of the revisions in the script, in order, placeholders included
 * @param placeholders the ids of the revisions written as a placeholder comment because they read
 *     the database (only with {@link DatabaseReads#PLACEHOLDER})
 */
public record SqlScript(
    String text,
    String dialect,
    Direction direction,
    List<String> from,
    List<String> to,
    List<String> revisions,
    List<String> placeholders) {

  public SqlScript {
    Objects.requireNonNull(text, "text == null");
    Objects.requireNonNull(dialect, "dialect == null");
    Objects.requireNonNull(direction, "direction == null");
    from = List.copyOf(from);
    to = List.copyOf(to);
    revisions = List.copyOf(revisions);
    placeholders = List.copyOf(placeholders);
  }

  /**
   * What a script does with a revision whose statements depend on what it reads from the database
   * (it calls {@code op.connection()}): offline, there is nothing to read.
   */
  public enum DatabaseReads {
    /** The command fails, naming the revision. The default. */
    FAIL,

    /**
     * The revision is left out, with a comment in its place that says to run it online at that
     * point; its version row is not changed, so that the online run records it. A later statement
     * that needs the schema it left unknown (a SQLite batch, a PostgreSQL enum decision) still
     * fails.
     */
    PLACEHOLDER
  }
}
