package dev.retort.runtime.internal;

import dev.retort.runtime.RetortConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The runtime guards' settings: the default lock and statement timeouts of a revision's statements
 * (PostgreSQL), and how often a revision runs again after a lock timeout.
 *
 * @param lockTimeout {@code lock_timeout} for revisions that set none; zero for no limit
 * @param statementTimeout {@code statement_timeout} for revisions that set none; zero for no limit
 * @param attempts runs of a revision in all before its lock timeout fails the command; at least 1
 * @param retryDelay the wait before the next run
 */
public record GuardSettings(
    Duration lockTimeout, Duration statementTimeout, int attempts, Duration retryDelay) {

  /** The defaults of {@link RetortConfig}. */
  public static final GuardSettings DEFAULTS =
      new GuardSettings(
          RetortConfig.DEFAULT_REVISION_LOCK_TIMEOUT,
          Duration.ZERO,
          1,
          RetortConfig.DEFAULT_REVISION_RETRY_DELAY);

  public GuardSettings {
    Objects.requireNonNull(lockTimeout, "lockTimeout == null");
    Objects.requireNonNull(statementTimeout, "statementTimeout == null");
    Objects.requireNonNull(retryDelay, "retryDelay == null");
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts < 1: " + attempts);
    }
  }

  /** The settings of {@code config}. */
  public static GuardSettings of(RetortConfig config) {
    return new GuardSettings(
        config.revisionLockTimeout(),
        config.revisionStatementTimeout(),
        config.revisionAttempts(),
        config.revisionRetryDelay());
  }
}
