package dev.retort.runtime.ops;

/**
 * One schema operation, as a value. {@link Operations} builds these; each dialect turns them into
 * its SQL, so a revision's intent is written once and rendered correctly for both databases.
 */
public sealed interface Operation {

  /** {@code CREATE TABLE}, with {@code IF NOT EXISTS} when {@code ifNotExists}. */
  record CreateTable(Table table, boolean ifNotExists) implements Operation {}

  /** {@code DROP TABLE}, with {@code IF EXISTS} when {@code ifExists}. */
  record DropTable(String table, boolean ifExists) implements Operation {}

  /** {@code ALTER TABLE ... RENAME TO}. */
  record RenameTable(String from, String to) implements Operation {}

  /** {@code ALTER TABLE ... ADD COLUMN}. */
  record AddColumn(String table, Column column) implements Operation {}

  /** {@code ALTER TABLE ... DROP COLUMN}. */
  record DropColumn(String table, String column) implements Operation {}

  /** {@code ALTER TABLE ... RENAME COLUMN}. */
  record RenameColumn(String table, String from, String to) implements Operation {}

  /** {@code CREATE INDEX}, with {@code IF NOT EXISTS} when {@code ifNotExists}. */
  record CreateIndex(Index index, boolean ifNotExists) implements Operation {}

  /** {@code DROP INDEX}, with {@code IF EXISTS} when {@code ifExists}. */
  record DropIndex(String index, boolean ifExists) implements Operation {}
}
