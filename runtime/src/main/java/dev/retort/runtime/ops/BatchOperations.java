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

  /**
   * Adds a column at {@code position}, before or after an existing one. SQLite only: the rebuild
   * writes the columns in that order. PostgreSQL's ADD COLUMN always appends, so there this is
   * refused, rather than giving the two databases different column orders: add the column without a
   * position, or restrict the revision with {@code @Revision(dialects = "sqlite")}.
   */
  void addColumn(Column column, ColumnPosition position);

  /**
   * Drops a column. On SQLite an index or constraint that still uses it is an error naming the call
   * that removes it first.
   */
  void dropColumn(String column);

  /**
   * Changes a column: type (values converted as {@link ColumnChange#type} says), nullability,
   * server default, name, comment.
   */
  void alterColumn(String column, ColumnChange change);

  /** Adds a named UNIQUE constraint over {@code columns}. */
  void createUniqueConstraint(String name, String... columns);

  /** Adds a named CHECK constraint; {@code expression} is SQL text, used as written. */
  void createCheckConstraint(String name, String expression);

  /**
   * Adds a foreign key; it must be {@link ForeignKey#named named}, so a later batch can drop it.
   */
  void createForeignKey(ForeignKey key);

  /**
   * Adds a primary key on {@code columns}, which become NOT NULL; the table must have none (drop it
   * first with {@link #dropPrimaryKey}).
   */
  void createPrimaryKey(String name, String... columns);

  /** Drops a named constraint: unique, check, foreign key or primary key. */
  void dropConstraint(String name);

  /**
   * Drops the table's primary key, named or not: a column's {@code PRIMARY KEY} or a table-level
   * {@code PRIMARY KEY (...)}. Its columns keep their NOT NULL. On SQLite, an {@code INTEGER
   * PRIMARY KEY} column stops being the rowid; its values are kept.
   */
  void dropPrimaryKey();

  /**
   * Drops the foreign key on {@code columns} (in any order) that references {@code
   * referencedTable}, named or not: the way to drop a key that was created without a name.
   */
  void dropForeignKey(String referencedTable, String... columns);

  /** Drops the UNIQUE constraint on exactly {@code columns} (in any order), named or not. */
  void dropUniqueConstraint(String... columns);

  /**
   * Drops every CHECK constraint whose expression names {@code column}, named or not, on the column
   * itself or on the table: the way to drop a CHECK that was created without a name.
   */
  void dropCheckConstraints(String column);
}
