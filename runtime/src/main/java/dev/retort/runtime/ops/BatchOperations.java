package dev.retort.runtime.ops;

/**
 * The changes of one {@link Operations#batchAlterTable batchAlterTable}, all to one table. On
 * SQLite they are applied together by rebuilding the table (SQLite's generalized ALTER TABLE
 * procedure), inside the revision's transaction; on PostgreSQL each runs as a plain ALTER TABLE, in
 * order.
 */
public interface BatchOperations {

  /** Adds a column; inside a batch, any column can be added, keys and NOT NULL included. */
  void addColumn(Column column);

  void dropColumn(String column);

  void alterColumn(String column, ColumnChange change);

  void createUniqueConstraint(String name, String... columns);

  void createCheckConstraint(String name, String expression);

  /**
   * Adds a foreign key; it must be {@link ForeignKey#named named}, so a later batch can drop it.
   */
  void createForeignKey(ForeignKey key);

  /** Drops a named constraint: unique, check or foreign key. */
  void dropConstraint(String name);
}
