package dev.retort.spring.boot.autoconfigure;

import dev.retort.runtime.Retort;

/**
 * What the application does with its database at start-up, in place of the default {@code
 * upgrade(retort.target)}. Declare one as a bean, for example to only check that the database is
 * at head and its applied revisions unchanged, leaving the upgrade to a deploy step:
 *
 * <pre>{@code
 * @Bean
 * RetortMigrationStrategy validateOnly() {
 *   return retort -> {
 *     if (!retort.current().isAtHead()) throw new IllegalStateException("database not at head");
 *     retort.validate();
 *   };
 * }
 * }</pre>
 *
 * <p>It runs where the default upgrade would: before every bean that uses the database.
 */
@FunctionalInterface
public interface RetortMigrationStrategy {
  /** Acts on the database through {@code retort}; an exception stops the application's start. */
  void migrate(Retort retort);
}
