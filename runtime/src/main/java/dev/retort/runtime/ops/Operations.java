package dev.retort.runtime.ops;

import dev.retort.runtime.Database;
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
   * Runs one SQL statement with {@code ?} placeholders bound, in order, to {@code parameters}.
   * Date-times follow Retort's rule: an {@code Instant}, {@code OffsetDateTime} or {@code
   * ZonedDateTime} is converted to UTC, stored as UTC wall time in a column without time zone and
   * as the instant in a column with one; a {@code LocalDateTime} is refused for a column with time
   * zone. (On SQLite, where the column type is unknown here, zoned values become UTC wall time.)
   */
  void execute(String sql, Object... parameters);

  /**
   * The revision's connection, for data migrations that need plain JDBC. It is in the revision's
   * transaction: do not commit, roll back, close it or change its auto-commit mode.
   */
  Connection connection();

  /**
   * The database this revision is running on, so that one revision can do the same thing in each
   * database's way:
   *
   * <pre>{@code
   * if (op.dialect() == Database.POSTGRESQL) {
   *   op.execute("CREATE INDEX ix_doc_body ON doc USING gin (body)");
   * } else {
   *   op.execute("CREATE INDEX ix_doc_body ON doc (body)");
   * }
   * }</pre>
   *
   * <p>A revision that belongs to one database alone says so with {@code @Revision(dialects = ...)}
   * instead: on other databases it is recorded without running.
   */
  Database dialect();

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

  /**
   * Drops {@code index} without blocking reads and writes of its table: {@code DROP INDEX
   * CONCURRENTLY} on PostgreSQL, which waits for the transactions using the table instead of taking
   * an ACCESS EXCLUSIVE lock. PostgreSQL refuses it inside a transaction: the revision must say
   * {@code @Revision(..., transactional = false)}, and Retort refuses it in a transactional
   * revision on both databases. On SQLite, which has no concurrent drop, it is a plain {@code DROP
   * INDEX}.
   */
  void dropIndexConcurrently(String index);

  /**
   * Changes a column. On SQLite only a rename, and on SQLite 3.53 and later a change of nullability
   * alone, can run outside a batch; anything else is refused with the batch form.
   */
  void alterColumn(String table, String column, ColumnChange change);

  /** Adds a UNIQUE constraint. SQLite cannot, outside a batch. */
  void createUniqueConstraint(String name, String table, String... columns);

  /** Adds a CHECK constraint. SQLite can since 3.53; before that, only in a batch. */
  void createCheckConstraint(String name, String table, String expression);

  /**
   * Adds a CHECK constraint without checking the rows already there: {@code ADD CONSTRAINT ...
   * CHECK (...) NOT VALID} on PostgreSQL, which holds its ACCESS EXCLUSIVE lock only for a moment
   * instead of for a scan of the whole table. New and changed rows are checked at once; check the
   * old ones in a later revision with {@link #validateConstraint}, which lets writes go on.
   *
   * <pre>{@code
   * op.createCheckConstraintNotValid("ck_workout_seconds", "workout", "seconds > 0");
   * // a later revision:
   * op.validateConstraint("workout", "ck_workout_seconds");
   * }</pre>
   *
   * <p>SQLite has no NOT VALID: there the constraint is added as {@link #createCheckConstraint}
   * adds it, and the rows already there are checked at once.
   */
  void createCheckConstraintNotValid(String name, String table, String expression);

  /**
   * Checks the rows already in {@code table} against constraint {@code name}, added with {@link
   * ForeignKey#notValid()} or {@link #createCheckConstraintNotValid}: {@code ALTER TABLE ...
   * VALIDATE CONSTRAINT} on PostgreSQL, which takes a SHARE UPDATE EXCLUSIVE lock (reads and writes
   * go on) for the scan. On SQLite, which keeps no constraint unvalidated, it does nothing.
   */
  void validateConstraint(String table, String name);

  /**
   * Turns the unique index {@code index} of {@code table} into the UNIQUE constraint {@code name}:
   * {@code ADD CONSTRAINT name UNIQUE USING INDEX index} on PostgreSQL, which renames the index to
   * {@code name} and needs no scan, so the ACCESS EXCLUSIVE lock lasts a moment. Build the index
   * first with {@link Index#concurrently()} in a revision of its own:
   *
   * <pre>{@code
   * op.createIndex(Index.named("uq_athlete_email").on("athlete", "email").unique().concurrently());
   * // a later revision:
   * op.createUniqueConstraintUsingIndex("uq_athlete_email", "athlete", "uq_athlete_email");
   * }</pre>
   *
   * <p>SQLite has no USING INDEX: there the index is dropped and the table rebuilt with the UNIQUE
   * constraint, as {@link #batchAlterTable} does. Either way the index must be a unique index on
   * columns of {@code table}, without a predicate or expressions.
   */
  void createUniqueConstraintUsingIndex(String name, String table, String index);

  /** Adds a named foreign key. SQLite cannot, outside a batch. */
  void createForeignKey(String table, ForeignKey key);

  /** Drops a named constraint. SQLite can drop a CHECK since 3.53; others only in a batch. */
  void dropConstraint(String table, String name);

  /**
   * Adds a primary key on {@code columns}: {@code ADD CONSTRAINT name PRIMARY KEY} on PostgreSQL.
   * SQLite cannot, outside a batch ({@link BatchOperations#createPrimaryKey}).
   */
  void createPrimaryKey(String name, String table, String... columns);

  /**
   * Drops the primary key of {@code table}, named or not; PostgreSQL's name for it is read from
   * {@code pg_constraint}. SQLite cannot, outside a batch ({@link BatchOperations#dropPrimaryKey}).
   */
  void dropPrimaryKey(String table);

  /**
   * Drops the foreign key of {@code table} on {@code columns} (in any order) that references {@code
   * referencedTable}, named or not; PostgreSQL's name for it is read from {@code pg_constraint}.
   * SQLite cannot, outside a batch ({@link BatchOperations#dropForeignKey}).
   */
  void dropForeignKey(String table, String referencedTable, String... columns);

  /**
   * Drops the UNIQUE constraint of {@code table} on exactly {@code columns} (in any order), named
   * or not. SQLite cannot, outside a batch ({@link BatchOperations#dropUniqueConstraint}).
   */
  void dropUniqueConstraint(String table, String... columns);

  /**
   * Adds {@code value} at the end of enum type {@code typeName} (see {@link
   * ColumnType#enumeration}), for every column that uses the type.
   *
   * <p>PostgreSQL: {@code ALTER TYPE ... ADD VALUE}. PostgreSQL 12 and later run it inside the
   * revision's transaction, but the new value cannot be used before that transaction commits (an
   * insert of it in the same revision fails with "unsafe use of new value"): use it in a later
   * revision, or use {@link #replaceEnumValues}, whose new type is usable at once. PostgreSQL
   * before 12 runs it only outside a transaction: mark the revision {@code transactional = false}.
   *
   * <p>SQLite keeps an enum as a CHECK constraint named after the type on each column: every table
   * with such a column is rebuilt with the new CHECK, as {@link #batchAlterTable} does.
   *
   * @throws dev.retort.runtime.RetortException when no column uses the type, or it already has the
   *     value
   */
  void addEnumValue(String typeName, String value);

  /**
   * Replaces the values of enum type {@code typeName} with {@code values}, in that order, for every
   * column that uses the type: values may be added, removed and reordered. A removed value that a
   * row still holds fails the revision before anything changes, naming the value, the table and the
   * column: update or delete those rows first.
   *
   * <pre>{@code
   * op.replaceEnumValues("workout_kind", List.of("run", "ride", "swim"));
   * }</pre>
   *
   * <p>PostgreSQL: the type is renamed away, the new one created, each column converted with {@code
   * USING column::text::type} (a constant default is carried over), and the old type dropped; the
   * new values are usable in the same transaction. SQLite: each table using the type is rebuilt
   * with the new CHECK constraint.
   */
  void replaceEnumValues(String typeName, java.util.List<String> values);

  /**
   * Applies several changes to {@code table} at once. On SQLite this is the way to do what ALTER
   * TABLE cannot: the table is rebuilt (new table, copy, drop, rename), keeping its rows, indexes,
   * triggers, views and every constraint the batch does not change, inside the revision's
   * transaction. On PostgreSQL each change runs as a plain ALTER TABLE.
   *
   * <pre>{@code
   * op.batchAlterTable("users", batch -> {
   *   batch.alterColumn("email", ColumnChange.of().notNull());
   *   batch.createUniqueConstraint("uq_users_email", "email");
   * });
   * }</pre>
   */
  void batchAlterTable(String table, java.util.function.Consumer<BatchOperations> changes);

  /**
   * Inserts {@code rows} into {@code table}, in JDBC batches of {@value #BULK_INSERT_BATCH} rows,
   * reading them one at a time: memory stays flat whatever the number of rows. Each row holds one
   * value per column, in order; the columns' types say how values are bound (PostgreSQL needs a
   * cast for JSON, UUID and enum values) and date-times follow the rule of {@link #execute(String,
   * Object...)}.
   *
   * <pre>{@code
   * op.bulkInsert("athlete",
   *     List.of(Column.of("id", ColumnType.bigint()), Column.of("name", ColumnType.text())),
   *     () -> IntStream.range(0, 1_000_000).mapToObj(i -> List.of(i, "athlete " + i)).iterator());
   * }</pre>
   *
   * @param <R> the type of a row: any list, so that a lambda or a stream's iterator fits as it is
   * @return the number of rows inserted
   */
  <R extends java.util.List<?>> long bulkInsert(
      String table, java.util.List<Column> columns, Iterable<R> rows);

  /** How many rows {@link #bulkInsert} sends in one JDBC batch. */
  int BULK_INSERT_BATCH = 1_000;
}
