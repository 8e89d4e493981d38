package dev.retort.commands;

import dev.retort.runtime.Retort;
import java.util.Objects;

/**
 * {@code stamp <rev> [--purge]}: replaces the version rows with {@code target} without running any
 * revision. Retort's stamp always replaces every row, whatever the table held (Alembic does that
 * only with {@code --purge}), so {@code --purge} is accepted for Alembic's scripts and changes
 * nothing.
 *
 * @param target {@code head}, {@code base}, a full id or a unique prefix of one
 */
public record StampCommand(String target) {
  public StampCommand {
    Objects.requireNonNull(target, "target == null");
  }

  /** Writes the version rows. */
  public CommandResult.Stamped run(Retort retort) {
    return new CommandResult.Stamped(retort.stamp(target));
  }
}
