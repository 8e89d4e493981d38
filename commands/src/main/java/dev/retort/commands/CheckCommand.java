package dev.retort.commands;

import dev.retort.runtime.ChecksumMismatchException;
import dev.retort.runtime.Retort;

/**
 * {@code check}: compares the checksum recorded for each applied revision with this build's,
 * through {@link Retort#validate()}, then the live schema with the schema its revisions build,
 * through {@link Retort#check()}. A changed revision or a drifted schema is a result with {@link
 * ExitCode#NOT_AT_HEAD}, not a failure: the check itself worked. The live database is only read.
 */
public record CheckCommand() {

  /** Runs both checks; changes nothing. The drift check is skipped once a checksum differs. */
  public CommandResult.Checked run(Retort retort) {
    try {
      return new CommandResult.Checked(retort.validate(), null, retort.check());
    } catch (ChecksumMismatchException mismatch) {
      // The revisions no longer say what the database ran: replaying them proves nothing.
      return new CommandResult.Checked(null, mismatch, null);
    }
  }
}
