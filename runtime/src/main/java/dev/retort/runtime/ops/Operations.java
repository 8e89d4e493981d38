package dev.retort.runtime.ops;

import java.sql.Connection;

/**
 * The operations a revision performs, in the spirit of Alembic's {@code op}. Every operation runs
 * on the revision's own connection, inside its transaction.
 *
 * <p>Failures are thrown as {@link dev.retort.runtime.RetortException}s that name the revision and
 * the statement; the runtime then rolls the whole revision back.
 */
public interface Operations {

  /** Runs one SQL statement as written. */
  void execute(String sql);

  /**
   * Runs one SQL statement with {@code ?} placeholders bound, in order, to {@code parameters}
   * through {@link java.sql.PreparedStatement#setObject(int, Object)}.
   */
  void execute(String sql, Object... parameters);

  /**
   * The revision's connection, for data migrations that need plain JDBC. It is in the revision's
   * transaction: do not commit, roll back, close it or change its auto-commit mode.
   */
  Connection connection();

  /** Creates {@code table}, and on PostgreSQL the enum types its columns need. */
  void createTable(Table table);

  /** Creates {@code table} unless a table of that name exists (both databases honour this). */
  void createTableIfNotExists(Table table);

  /** Drops {@code table}, and on PostgreSQL the enum types no other column uses any more. */
  void dropTable(String table);

  /** Drops {@code table} if it exists. */
  void dropTableIfExists(String table);

  void renameTable(String from, String to);

  /**
   * Adds a column. On SQLite, a column that ALTER TABLE cannot add (a key, UNIQUE, NOT NULL without
   * a constant default, a non-constant default) is refused: add it in a batch.
   */
  void addColumn(String table, Column column);

  /**
   * Drops a column natively (SQLite 3.35 and later), and on PostgreSQL an enum type left unused.
   */
  void dropColumn(String table, String column);

  /** Renames a column natively on both databases. */
  void renameColumn(String table, String from, String to);

  void createIndex(Index index);

  /** Creates {@code index} unless an index of that name exists (both databases honour this). */
  void createIndexIfNotExists(Index index);

  void dropIndex(String index);

  void dropIndexIfExists(String index);
}
