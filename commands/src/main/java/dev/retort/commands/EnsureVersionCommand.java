package dev.retort.commands;

import dev.retort.runtime.Retort;

/** {@code ensure-version}: creates the version and history tables if they are missing. */
public record EnsureVersionCommand() {

  /** Creates the tables; writes no row. */
  public CommandResult.VersionTableEnsured run(Retort retort) {
    retort.ensureVersionTable();
    return new CommandResult.VersionTableEnsured(
        retort.config().versionTable(), retort.config().historyTable());
  }
}
