package dev.retort.commands;

import dev.retort.runtime.MigrationListener;
import dev.retort.runtime.Retort;
import java.util.Objects;

/**
 * {@code upgrade [target]}: applies revisions up to {@code target} (default {@code head}), each in
 * its own transaction, telling the listener about each as it commits.
 *
 * @param target any target form of {@link Retort#upgrade(String)}
 */
public record UpgradeCommand(String target) {
  public UpgradeCommand {
    Objects.requireNonNull(target, "target == null");
  }

  /** Runs the upgrade. */
  public CommandResult.Migrated run(Retort retort, MigrationListener listener) {
    return new CommandResult.Migrated(retort.upgrade(target, listener));
  }
}
