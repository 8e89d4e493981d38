package dev.retort.runtime;

import java.util.List;

/**
 * What an {@code upgrade} or {@code downgrade} did. The version table was read back after the last
 * revision and found at {@link #to()}.
 *
 * @param direction upgrade or downgrade
 * @param from the version rows before the command, sorted; empty for an empty database
 * @param to the version rows after the command, sorted
 * @param applied the revisions that ran, in order; empty when there was nothing to do
 */
public record MigrationResult(
    Direction direction, List<String> from, List<String> to, List<AppliedRevision> applied) {

  public MigrationResult {
    from = List.copyOf(from);
    to = List.copyOf(to);
    applied = List.copyOf(applied);
  }

  /** True when no revision ran. */
  public boolean isNoOp() {
    return applied.isEmpty();
  }
}
