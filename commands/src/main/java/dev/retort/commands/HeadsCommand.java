package dev.retort.commands;

import dev.retort.runtime.Retort;

/**
 * {@code heads [-v]}: this build's heads. Needs no database.
 *
 * @param verbose whether the result shows each head's details
 */
public record HeadsCommand(boolean verbose) {

  /** Reads the heads from the registry. */
  public CommandResult.Heads run(Retort retort) {
    return new CommandResult.Heads(retort.heads(), verbose);
  }
}
