package dev.retort.commands;

import dev.retort.runtime.ChecksumMismatchException;
import dev.retort.runtime.Retort;

/**
 * {@code check}: compares the checksum recorded for each applied revision with this build's,
 * through {@link Retort#validate()}. A changed revision is a result with {@link
 * ExitCode#NOT_AT_HEAD}, not a failure: the check itself worked.
 */
public record CheckCommand() {

  /** Runs the check; changes nothing. */
  public CommandResult.Checked run(Retort retort) {
    try {
      return new CommandResult.Checked(retort.validate(), null);
    } catch (ChecksumMismatchException mismatch) {
      return new CommandResult.Checked(null, mismatch);
    }
  }
}
