package dev.retort.runtime;

/**
 * Hears about each revision of an {@code upgrade} or {@code downgrade} while the command runs, so
 * that a front end can print a line per revision as it happens rather than after the last one.
 *
 * <pre>{@code
 * retort.upgrade("head", applied -> System.out.println(applied.id() + " " + applied.duration()));
 * }</pre>
 *
 * <p>Called on the migrating thread, after the revision's transaction committed; an exception
 * thrown here stops the command after that revision, which stays applied.
 */
@FunctionalInterface
public interface MigrationListener {
  /** Does nothing. */
  MigrationListener NONE = applied -> {};

  /** {@code revision} ran and its version-row change is committed. */
  void revisionApplied(AppliedRevision revision);
}
