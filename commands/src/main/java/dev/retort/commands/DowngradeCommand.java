package dev.retort.commands;

import dev.retort.runtime.MigrationListener;
import dev.retort.runtime.Retort;
import java.util.Objects;

/**
 * {@code downgrade target}: reverts applied revisions down to {@code target}, newest first, telling
 * the listener about each as it commits.
 *
 * @param target any target form of {@link Retort#downgrade(String)}; there is no default
 */
public record DowngradeCommand(String target) {
  public DowngradeCommand {
    Objects.requireNonNull(target, "target == null");
  }

  /** Runs the downgrade. */
  public CommandResult.Migrated run(Retort retort, MigrationListener listener) {
    return new CommandResult.Migrated(retort.downgrade(target, listener));
  }
}
