package dev.retort.commands;

import dev.retort.runtime.ChecksumMismatchException;
import dev.retort.runtime.Retort;
import dev.retort.runtime.SchemaComparison;
import dev.retort.runtime.TargetSchema;

/**
 * {@code check}: compares the checksum recorded for each applied revision with this build's,
 * through {@link Retort#validate()}, then the live schema with the schema its revisions build,
 * through {@link Retort#check()}, and, when a target schema is given, the schema the revisions
 * build at head with the target, through {@link Retort#compare(TargetSchema)}: pending changes,
 * a model changed without its revision. A changed revision, a drifted schema or a pending change
 * is a result with {@link ExitCode#NOT_AT_HEAD}, not a failure: the check itself worked. The live
 * database is only read.
 *
 * @param target the schema the revisions should build, or null to check no pending changes
 * @param targetName the target for people, credentials masked ({@link Settings#targetName()})
 */
public record CheckCommand(TargetSchema target, String targetName) {

  /** The check without a target: checksums and drift. */
  public CheckCommand() {
    this(null, null);
  }

  /** Runs the checks; changes nothing. The drift check is skipped once a checksum differs. */
  public CommandResult.Checked run(Retort retort) {
    CommandResult.Checked checked;
    try {
      checked = new CommandResult.Checked(retort.validate(), null, retort.check());
    } catch (ChecksumMismatchException mismatch) {
      // The revisions no longer say what the database ran: replaying them proves nothing.
      checked = new CommandResult.Checked(null, mismatch, null);
    }
    if (target == null) {
      return checked;
    }
    // Pending changes concern this build's revisions, not the database: checked either way.
    SchemaComparison pending = retort.compare(target);
    return new CommandResult.Checked(
        checked.result(), checked.mismatch(), checked.drift(), targetName, pending);
  }
}
