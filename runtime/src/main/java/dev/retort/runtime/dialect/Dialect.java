package dev.retort.runtime.dialect;

import dev.retort.runtime.Database;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.lock.MigrationLock;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnChange;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operation;
import dev.retort.runtime.ops.ReferentialAction;
import dev.retort.runtime.ops.ServerDefault;
import dev.retort.runtime.ops.Table;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything that differs between the databases Retort supports. All SQL text for a database lives
 * in its dialect class and nowhere else, so that a reader can see in one place what Retort sends.
 *
 * <p>Chosen from {@link java.sql.DatabaseMetaData#getDatabaseProductName()}, which reads no table.
 */
public sealed interface Dialect permits PostgresDialect, SqliteDialect {

  /** The PostgreSQL dialect. */
  static Dialect postgres() {
    return PostgresDialect.INSTANCE;
  }

  /** The SQLite dialect. */
  static Dialect sqlite() {
    return SqliteDialect.INSTANCE;
  }

  /**
   * The dialect for {@code connection}'s database.
   *
   * @throws RetortException for a database Retort does not support, naming it
   */
  static Dialect detect(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName();
    if ("PostgreSQL".equalsIgnoreCase(product)) {
      return postgres();
    }
    if ("SQLite".equalsIgnoreCase(product)) {
      return sqlite();
    }
    throw new RetortException(
        "unsupported database \""
            + product
            + "\": Retort supports PostgreSQL and SQLite; connect to one of those");
  }

  /** A short name for messages: {@code PostgreSQL} or {@code SQLite}. */
  String name();

  /** The database this dialect is for, as {@code @Revision(dialects = ...)} names it. */
  Database database();

  /** Quotes one identifier, doubling embedded quotes, so that no name can change the statement. */
  default String quote(String identifier) {
    if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not an identifier: \"" + identifier + "\"");
    }
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  /**
   * Quotes the name of Retort's version or history table, which is {@code table} or, with a schema
   * (setting {@code versionTableSchema}), {@code schema.table}: each part is quoted on its own.
   * Only these two tables' names can hold a dot, and each of their parts is a plain SQL name.
   */
  default String quoteTable(String table) {
    int dot = table.indexOf('.');
    return dot < 0
        ? quote(table)
        : quote(table.substring(0, dot)) + "." + quote(table.substring(dot + 1));
  }

  /**
   * Creates the version table if it is missing. Its key column and its key's name are Alembic's
   * ({@code alembic_version_pkc} for {@code alembic_version}), so teams can share it; {@value
   * #DIGEST_COLUMN}, nullable, holds the registry digest that last verified the rows.
   */
  default String createVersionTable(String table) {
    return "CREATE TABLE IF NOT EXISTS "
        + quoteTable(table)
        + " (version_num VARCHAR(32) NOT NULL, "
        + DIGEST_COLUMN
        + " VARCHAR(64), CONSTRAINT "
        + quote(table.substring(table.indexOf('.') + 1) + "_pkc")
        + " PRIMARY KEY (version_num))";
  }

  /**
   * The version table's second column: the {@link dev.retort.runtime.RevisionRegistry#digest()} of
   * the build that last brought the database to its heads with every checksum verified; NULL once a
   * row changes. Alembic ignores it.
   */
  String DIGEST_COLUMN = "retort_digest";

  /** Reads every row of the version table. */
  default String selectVersions(String table) {
    return "SELECT version_num FROM " + quoteTable(table);
  }

  /** Reads every row of the version table with its digest: the whole start-up query. */
  default String selectVersionsAndDigests(String table) {
    return "SELECT version_num, " + DIGEST_COLUMN + " FROM " + quoteTable(table);
  }

  /**
   * One row when the version table {@code table} (perhaps schema-qualified) has the digest column.
   * Tables created by Retort before the column existed, and Alembic's, lack it. No parameters: the
   * names, plain SQL names both, are written as literals.
   */
  String selectDigestColumn(String table);

  /** Adds the digest column to a version table that lacks it. */
  default String addDigestColumn(String table) {
    return "ALTER TABLE " + quoteTable(table) + " ADD COLUMN " + DIGEST_COLUMN + " VARCHAR(64)";
  }

  /** Records the digest on every version row; one parameter, the digest. */
  default String updateDigests(String table) {
    return "UPDATE " + quoteTable(table) + " SET " + DIGEST_COLUMN + " = ?";
  }

  /** Inserts one version row; one parameter, the id. */
  default String insertVersion(String table) {
    return "INSERT INTO " + quoteTable(table) + " (version_num) VALUES (?)";
  }

  /**
   * Replaces one version row with another, clearing its digest; two parameters, the new id and the
   * old one.
   */
  default String updateVersion(String table) {
    return "UPDATE "
        + quoteTable(table)
        + " SET version_num = ?, "
        + DIGEST_COLUMN
        + " = NULL WHERE version_num = ?";
  }

  /**
   * Replaces one version row with another and appends a history row, in one statement; six
   * parameters: the new id, the old id, then {@link #insertHistory}'s four. Its update count is 1
   * when the old row was there, 0 when it was not (and then no history row is written either). Null
   * when the dialect has no such statement: on SQLite a statement is a function call, not a round
   * trip, so there is nothing to save.
   */
  default String updateVersionAppendingHistory(String versionTable, String historyTable) {
    return null;
  }

  /** Deletes one version row; one parameter, the id. */
  default String deleteVersion(String table) {
    return "DELETE FROM " + quoteTable(table) + " WHERE version_num = ?";
  }

  /** Begins a transaction in an offline script; {@link #commitTransaction()} ends it. */
  default String beginTransaction() {
    return "BEGIN";
  }

  /** Commits a transaction in an offline script. */
  default String commitTransaction() {
    return "COMMIT";
  }

  /** Deletes every version row. */
  default String deleteAllVersions(String table) {
    return "DELETE FROM " + quoteTable(table);
  }

  /**
   * Creates the history table if it is missing: one row for every revision run, stamp and accepted
   * checksum, written in the same transaction as the version-row change.
   */
  String createHistoryTable(String table);

  /**
   * Appends one history row. Four parameters: revision id, action, checksum (may be null), duration
   * in milliseconds. The time and the database user come from the database itself.
   */
  String insertHistory(String table);

  /**
   * The history table's oldest and newest row ids (0 when it is empty), the newest row's
   * revision_id and action, and those of the row whose id is {@code ?}, in one row. Each comes
   * from the key's index, so this costs the same for ten rows or a million, where a count would
   * read them all.
   */
  default String selectHistoryExtent(String table) {
    String quoted = quoteTable(table);
    // Four scalar subqueries, not MIN(id), MAX(id) in one SELECT: SQLite reads a min or a max from
    // the index only when it is the query's one aggregate, and scans every row otherwise.
    return "SELECT COALESCE((SELECT MIN(id) FROM " + quoted + "), 0),"
        + " COALESCE((SELECT MAX(id) FROM " + quoted + "), 0),"
        + " (SELECT revision_id || ' ' || action FROM " + quoted
        + " WHERE id = (SELECT MAX(id) FROM " + quoted + ")),"
        + " (SELECT revision_id || ' ' || action FROM " + quoted + " WHERE id = ?)";
  }

  /**
   * The action of the newest run of the revision {@code ?}: an upgrade, a downgrade, or the start
   * of one outside a transaction; no row when there is none.
   */
  default String selectLastRun(String table) {
    return "SELECT action FROM "
        + quoteTable(table)
        + " WHERE revision_id = ? AND action IN ('upgrade', 'downgrade', 'start-up', 'start-down')"
        + " ORDER BY id DESC LIMIT 1";
  }

  /**
   * The history rows after the id {@code ?}, oldest first: id, revision_id, action, checksum. The
   * id is the key, so this reads only those rows.
   */
  default String selectHistoryAfter(String table) {
    return "SELECT id, revision_id, action, checksum FROM "
        + quoteTable(table)
        + " WHERE id > ? ORDER BY id";
  }

  /**
   * Every history row, oldest first: id, revision_id, action, checksum, applied_at, duration_ms,
   * applied_by.
   */
  default String selectHistory(String table) {
    return "SELECT id, revision_id, action, checksum, applied_at, duration_ms, applied_by FROM "
        + quoteTable(table)
        + " ORDER BY id";
  }

  /** Reads the history table's {@code applied_at} column, stored as {@link #createHistoryTable}. */
  Instant historyTime(ResultSet rows, int column) throws SQLException;

  // Backfills (Operations#backfill): the progress table and the statements of one chunk.

  /**
   * Creates the backfill progress table if it is missing: one row per running backfill, keyed by
   * revision, direction and name, written in the transaction of each chunk.
   */
  String createBackfillTable(String table);

  /**
   * Inserts or replaces one progress row. Seven parameters: revision id, direction, name, last key,
   * rows done, chunks done, done (a boolean); the times come from the database.
   */
  String saveBackfill(String table);

  /** The upsert both dialects share; {@code now} is the database's current time as SQL. */
  private static String upsertBackfill(String quotedTable, String now) {
    return "INSERT INTO "
        + quotedTable
        + " (revision_id, direction, name, last_key, rows_done, chunks_done, done, started_at,"
        + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
        + now
        + ", "
        + now
        + ") ON CONFLICT (revision_id, direction, name) DO UPDATE SET last_key = excluded.last_key,"
        + " rows_done = excluded.rows_done, chunks_done = excluded.chunks_done,"
        + " done = excluded.done, updated_at = excluded.updated_at";
  }

  /** {@link #saveBackfill} with {@code now} as the database's current time. */
  default String saveBackfill(String table, String now) {
    return upsertBackfill(quoteTable(table), now);
  }

  /**
   * One progress row: last_key, rows_done, chunks_done, done. Three parameters: revision id,
   * direction, name.
   */
  default String selectBackfill(String table) {
    return "SELECT last_key, rows_done, chunks_done, done FROM "
        + quoteTable(table)
        + " WHERE revision_id = ? AND direction = ? AND name = ?";
  }

  /**
   * Every progress row: revision_id, direction, name, last_key, rows_done, chunks_done, done,
   * started_at, updated_at.
   */
  default String selectBackfills(String table) {
    return "SELECT revision_id, direction, name, last_key, rows_done, chunks_done, done,"
        + " started_at, updated_at FROM "
        + quoteTable(table)
        + " ORDER BY revision_id, direction, name";
  }

  /** Deletes a revision's progress rows; one parameter, the revision id. */
  default String deleteBackfills(String table) {
    return "DELETE FROM " + quoteTable(table) + " WHERE revision_id = ?";
  }

  /**
   * The keys of the next chunk of {@code table}, in key order: {@code limit} rows after the
   * previous chunk's last key ({@code after}: one {@code ?} per key column) that match {@code
   * where} (null for every row). Keyset pagination: no OFFSET, so every chunk costs the same.
   */
  default String backfillKeys(
      String table, List<String> keys, boolean after, String where, int limit) {
    String columns = keys.stream().map(this::quote).collect(Collectors.joining(", "));
    return "SELECT "
        + columns
        + " FROM "
        + quote(table)
        + backfillRange(keys, after, false, where)
        + " ORDER BY "
        + columns
        + " LIMIT "
        + limit;
  }

  /**
   * The UPDATE of one chunk: the rows of {@code table} after the previous chunk's last key ({@code
   * after}) and up to this chunk's, that match {@code where}. Parameters: those of {@code set},
   * then the lower bound's keys (when {@code after}), the upper bound's, and {@code where}'s.
   */
  default String backfillUpdate(
      String table, String set, List<String> keys, boolean after, String where) {
    return "UPDATE " + quote(table) + " SET " + set + backfillRange(keys, after, true, where);
  }

  /**
   * The INSERT ... SELECT of one chunk, with the range and parameters of {@link #backfillUpdate};
   * {@code select} null selects {@code columns} themselves.
   */
  default String backfillCopy(
      String from,
      String to,
      List<String> columns,
      String select,
      List<String> keys,
      boolean after,
      String where) {
    String targetColumns = columns.stream().map(this::quote).collect(Collectors.joining(", "));
    return "INSERT INTO "
        + quote(to)
        + " ("
        + targetColumns
        + ") SELECT "
        + (select != null ? select : targetColumns)
        + " FROM "
        + quote(from)
        + backfillRange(keys, after, true, where)
        + " ORDER BY "
        + keys.stream().map(this::quote).collect(Collectors.joining(", "));
  }

  /**
   * {@code WHERE key > ? AND key <= ? AND (where)}, each part only when wanted. Several key columns
   * compare as a row value, {@code (a, b) > (?, ?)}, which PostgreSQL and SQLite (3.15 and later)
   * both order lexicographically, as ORDER BY a, b does.
   */
  private String backfillRange(List<String> keys, boolean after, boolean upTo, String where) {
    String key;
    String placeholders;
    if (keys.size() == 1) {
      key = quote(keys.get(0));
      placeholders = "?";
    } else {
      key = keys.stream().map(this::quote).collect(Collectors.joining(", ", "(", ")"));
      placeholders = keys.stream().map(k -> "?").collect(Collectors.joining(", ", "(", ")"));
    }
    List<String> conditions = new ArrayList<>();
    if (after) {
      conditions.add(key + " > " + placeholders);
    }
    if (upTo) {
      conditions.add(key + " <= " + placeholders);
    }
    if (where != null) {
      conditions.add("(" + where + ")");
    }
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  /**
   * Reads the schema {@code connection} works in, leaving out the tables in {@code excludedTables}
   * (case-insensitive) and what belongs to them. The catalogue queries are in {@code
   * PostgresSchemaReader} and {@code SqliteSchemaReader}, beside this class.
   */
  dev.retort.runtime.schema.Schema readSchema(
      Connection connection, java.util.Collection<String> excludedTables) throws SQLException;

  /**
   * Schemas remembered inside {@code connection}'s session as the text they are a function of, or
   * null where the database offers no such text for less than a read costs (PostgreSQL); see
   * {@link dev.retort.runtime.schema.SchemaMarks}.
   */
  default SchemaPrints schemaPrints(
      Connection connection, java.util.Collection<String> excludedTables) throws SQLException {
    return null;
  }

  /** True when {@code e} says that the table read does not exist. */
  boolean isUndefinedTable(SQLException e);

  /** One row when the schema {@code ?} exists; on SQLite, when a database is attached so. */
  String selectSchema();

  /**
   * True when {@code e} says that the schema of a qualified table name does not exist: on SQLite,
   * that no database is attached under that name.
   */
  boolean isUnknownSchema(SQLException e);

  /** True when {@code e} says that a column read does not exist. */
  boolean isUndefinedColumn(SQLException e);

  /** True when {@code e} says that another connection's lock stopped the statement. */
  boolean isLockConflict(SQLException e);

  /** True when {@code e} says that the database refuses writes on this connection. */
  boolean isReadOnly(SQLException e);

  /**
   * Takes this database's migration lock for the version table {@code versionTable} on {@code
   * connection}, the command's one connection: a migration never needs a second. The returned lock
   * also begins and ends each revision's transaction on {@code connection}, since on SQLite the
   * lock is the transaction's own. {@code waited} is how long the command has already waited on
   * another connection's lock (its first read, on SQLite), and is deducted from the first wait, so
   * that a command gives up after {@code timeout}, not after twice that.
   *
   * @throws dev.retort.runtime.LockTimeoutException when the lock is not had within {@code timeout}
   */
  MigrationLock lock(Connection connection, String versionTable, Duration timeout, Duration waited)
      throws SQLException;

  // ---- Schema operations. The shape both databases share is here; each dialect overrides what
  // ---- differs (types, identity, enums, comments, SQLite's limits outside a batch).

  /** Performs {@code operation}, sending its statements to {@code runner}. */
  default void apply(Operation operation, SqlRunner runner) {
    if (operation instanceof Operation.CreateTable op) {
      createTable(op.table(), op.ifNotExists(), runner);
    } else if (operation instanceof Operation.DropTable op) {
      dropTable(op.table(), op.ifExists(), runner);
    } else if (operation instanceof Operation.RenameTable op) {
      runner.execute(renameTable(op.from(), op.to()));
    } else if (operation instanceof Operation.AddColumn op) {
      addColumn(op.table(), op.column(), runner);
    } else if (operation instanceof Operation.DropColumn op) {
      dropColumn(op.table(), op.column(), runner);
    } else if (operation instanceof Operation.RenameColumn op) {
      runner.execute(renameColumn(op.table(), op.from(), op.to()));
    } else if (operation instanceof Operation.CreateIndex op) {
      runner.execute(createIndex(op.index(), op.ifNotExists()));
    } else if (operation instanceof Operation.DropIndex op) {
      runner.execute(
          "DROP INDEX "
              + (op.concurrently() ? concurrently() : "")
              + (op.ifExists() ? "IF EXISTS " : "")
              + quote(op.index()));
    } else if (operation instanceof Operation.AlterColumn op) {
      alterColumn(op.table(), op.column(), op.change(), runner);
    } else if (operation instanceof Operation.AddConstraint op) {
      addConstraint(op.table(), op.constraint(), runner);
    } else if (operation instanceof Operation.DropConstraint op) {
      dropConstraint(op.table(), op.name(), runner);
    } else if (operation instanceof Operation.ValidateConstraint op) {
      validateConstraint(op.table(), op.name(), runner);
    } else if (operation instanceof Operation.AddUniqueUsingIndex op) {
      addUniqueUsingIndex(op.table(), op.name(), op.index(), runner);
    } else if (operation instanceof Operation.BatchAlterTable op) {
      batchAlterTable(op.table(), op.changes(), runner);
    } else if (operation instanceof Operation.DropPrimaryKey op) {
      dropPrimaryKey(op.table(), runner);
    } else if (operation instanceof Operation.DropForeignKey op) {
      dropForeignKey(op.table(), op.referencedTable(), op.columns(), runner);
    } else if (operation instanceof Operation.DropUnique op) {
      dropUnique(op.table(), op.columns(), runner);
    } else if (operation instanceof Operation.DropChecksOn op) {
      dropChecksOn(op.table(), op.column(), runner);
    } else if (operation instanceof Operation.AddEnumValue op) {
      addEnumValue(op.typeName(), op.value(), runner);
    } else if (operation instanceof Operation.ReplaceEnumValues op) {
      replaceEnumValues(op.typeName(), op.values(), runner);
    } else {
      throw new IllegalArgumentException("unknown operation " + operation);
    }
  }

  /** Drops the primary key of {@code table}, named or not. */
  void dropPrimaryKey(String table, SqlRunner runner);

  /** Drops the foreign key on {@code columns} (any order) referencing {@code referencedTable}. */
  void dropForeignKey(String table, String referencedTable, List<String> columns, SqlRunner runner);

  /** Drops the UNIQUE constraint on exactly {@code columns} (any order). */
  void dropUnique(String table, List<String> columns, SqlRunner runner);

  /** Drops every CHECK constraint whose expression names {@code column}. */
  void dropChecksOn(String table, String column, SqlRunner runner);

  /** Adds a value at the end of an enum type, for every column that uses it. */
  void addEnumValue(String typeName, String value, SqlRunner runner);

  /**
   * Replaces the values of an enum type, for every column that uses it; a removed value still held
   * by a row fails before anything changes.
   */
  void replaceEnumValues(String typeName, List<String> values, SqlRunner runner);

  /** Changes one column. */
  void alterColumn(String table, String column, ColumnChange change, SqlRunner runner);

  /**
   * The keyword, with its trailing space, that builds or drops an index without blocking writes;
   * empty where the database has no such build.
   */
  default String concurrently() {
    return "";
  }

  /** Checks the existing rows against a constraint added without checking them. */
  void validateConstraint(String table, String name, SqlRunner runner);

  /** Turns a unique index of {@code table} into the UNIQUE constraint {@code name}. */
  void addUniqueUsingIndex(String table, String name, String index, SqlRunner runner);

  /** Adds a named constraint to an existing table. */
  default void addConstraint(String table, Operation.Constraint constraint, SqlRunner runner) {
    runner.execute("ALTER TABLE " + quote(table) + " ADD " + constraintSql(constraint));
  }

  /** A named constraint's definition, as in CREATE TABLE or ADD CONSTRAINT. */
  default String constraintSql(Operation.Constraint constraint) {
    if (constraint instanceof Operation.Constraint.Unique unique) {
      return "CONSTRAINT " + quote(unique.name()) + " UNIQUE (" + quoteAll(unique.columns()) + ")";
    }
    if (constraint instanceof Operation.Constraint.Check check) {
      return "CONSTRAINT " + quote(check.name()) + " CHECK (" + check.expression() + ")";
    }
    if (constraint instanceof Operation.Constraint.PrimaryKey key) {
      return "CONSTRAINT " + quote(key.name()) + " PRIMARY KEY (" + quoteAll(key.columns()) + ")";
    }
    return foreignKey(((Operation.Constraint.Foreign) constraint).key());
  }

  default void dropConstraint(String table, String name, SqlRunner runner) {
    runner.execute("ALTER TABLE " + quote(table) + " DROP CONSTRAINT " + quote(name));
  }

  /**
   * Applies a batch: here one change after another; SQLite rebuilds the table instead. A column
   * position is refused before the first change: ADD COLUMN can only append.
   */
  default void batchAlterTable(String table, List<Operation> changes, SqlRunner runner) {
    for (Operation change : changes) {
      if (change instanceof Operation.AddColumn add && add.position() != null) {
        throw new RetortException(
            name()
                + " cannot place column "
                + add.column().name()
                + " of "
                + table
                + " "
                + add.position()
                + ": ADD COLUMN always appends, and only a SQLite batch rebuilds the table; add"
                + " it without a position (batch.addColumn(column)), or restrict this revision"
                + " to SQLite with @Revision(dialects = \"sqlite\")");
      }
    }
    for (Operation change : changes) {
      apply(change, runner);
    }
  }

  /** Creates a table: its types first where the dialect needs them, then the table. */
  default void createTable(Table table, boolean ifNotExists, SqlRunner runner) {
    if (table.columns().isEmpty()) {
      throw new IllegalArgumentException("table " + table.name() + " has no columns");
    }
    prepareTypes(table.columns(), runner);
    List<String> parts = new ArrayList<>();
    for (Column column : table.columns()) {
      // SQLite lets NULL into a key column unless it says NOT NULL; say it on both databases.
      boolean inKey = table.primaryKey().contains(column.name());
      parts.add(columnDefinition(table.name(), inKey ? column.notNull() : column));
    }
    if (!table.primaryKey().isEmpty()) {
      parts.add("PRIMARY KEY (" + quoteAll(table.primaryKey()) + ")");
    }
    for (Table.Unique unique : table.uniques()) {
      parts.add(
          "CONSTRAINT " + quote(unique.name()) + " UNIQUE (" + quoteAll(unique.columns()) + ")");
    }
    for (Table.Check check : table.checks()) {
      parts.add("CONSTRAINT " + quote(check.name()) + " CHECK (" + check.expression() + ")");
    }
    for (ForeignKey key : table.foreignKeys()) {
      parts.add(foreignKey(key));
    }
    runner.execute(
        "CREATE TABLE "
            + (ifNotExists ? "IF NOT EXISTS " : "")
            + quote(table.name())
            + " ("
            + String.join(", ", parts)
            + ")");
    comment(table, runner);
  }

  default void dropTable(String table, boolean ifExists, SqlRunner runner) {
    runner.execute("DROP TABLE " + (ifExists ? "IF EXISTS " : "") + quote(table));
  }

  default void addColumn(String table, Column column, SqlRunner runner) {
    prepareTypes(List.of(column), runner);
    runner.execute(
        "ALTER TABLE " + quote(table) + " ADD COLUMN " + columnDefinition(table, column));
    comment(table, column, runner);
  }

  default void dropColumn(String table, String column, SqlRunner runner) {
    runner.execute("ALTER TABLE " + quote(table) + " DROP COLUMN " + quote(column));
  }

  /** Creates what a column's type needs before a table can use it; nothing by default. */
  default void prepareTypes(List<Column> columns, SqlRunner runner) {}

  /** Writes the table's and its columns' comments, where the dialect keeps comments. */
  default void comment(Table table, SqlRunner runner) {}

  /** Writes a column's comment, where the dialect keeps comments. */
  default void comment(String table, Column column, SqlRunner runner) {}

  /** The SQL name of {@code type} in this dialect: the standard name where both agree. */
  default String typeName(ColumnType type) {
    return switch (type.kind()) {
      case SMALLINT -> "SMALLINT";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case BOOLEAN -> "BOOLEAN";
      case TEXT -> "TEXT";
      case VARCHAR -> "VARCHAR(" + type.length() + ")";
      case NUMERIC -> "NUMERIC(" + type.precision() + ", " + type.scale() + ")";
      case REAL -> "REAL";
      case DOUBLE -> "DOUBLE PRECISION";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      case TIMESTAMP_WITH_TIME_ZONE -> "TIMESTAMP WITH TIME ZONE";
      case UUID, JSON, BYTES, ENUM -> specificTypeName(type);
      case NAMED -> type.verbatimName();
    };
  }

  /** The name of a type the databases spell differently: UUID, JSON, BYTES and ENUM. */
  String specificTypeName(ColumnType type);

  /** One column's definition inside CREATE TABLE or ADD COLUMN. */
  default String columnDefinition(String table, Column column) {
    StringBuilder sql = new StringBuilder(quote(column.name())).append(' ');
    sql.append(typeName(column.type()));
    if (column.generatedExpression() != null) {
      sql.append(" GENERATED ALWAYS AS (")
          .append(column.generatedExpression())
          .append(column.isStored() ? ") STORED" : ") VIRTUAL");
    }
    if (column.isPrimaryKey()) {
      // PRIMARY KEY implies NOT NULL on PostgreSQL but not on SQLite (a documented legacy quirk).
      sql.append(" PRIMARY KEY NOT NULL");
    } else if (!column.isNullable()) {
      sql.append(" NOT NULL");
    }
    if (column.isUnique()) {
      sql.append(" UNIQUE");
    }
    if (column.serverDefault() != null) {
      sql.append(" DEFAULT ").append(defaultSql(column.serverDefault(), column.type()));
    }
    return sql.toString();
  }

  /**
   * A server default for a column of {@code type} (null when unknown): as {@link
   * #defaultSql(ServerDefault)}, except where the dialect must honour the naive-timestamp rule.
   */
  default String defaultSql(ServerDefault value, ColumnType type) {
    return defaultSql(value);
  }

  /** A server default as SQL: a literal, CURRENT_TIMESTAMP, or the expression in parentheses. */
  default String defaultSql(ServerDefault value) {
    if (value instanceof ServerDefault.Value constant) {
      return literal(constant.value());
    }
    if (value instanceof ServerDefault.CurrentTimestamp) {
      return "CURRENT_TIMESTAMP";
    }
    return "(" + ((ServerDefault.Expression) value).sql() + ")";
  }

  /**
   * A constant as a SQL literal, for DDL, where nothing can be bound: strings quoted with embedded
   * quotes doubled, booleans as TRUE and FALSE (SQLite reads them as 1 and 0), numbers as digits.
   */
  default String literal(Object value) {
    if (value instanceof String text) {
      if (text.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("a NUL character cannot be a SQL literal");
      }
      return "'" + text.replace("'", "''") + "'";
    }
    if (value instanceof Boolean bool) {
      return bool ? "TRUE" : "FALSE";
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short) {
      return value.toString();
    }
    throw new IllegalArgumentException("not a literal: " + value.getClass().getName());
  }

  default String foreignKey(ForeignKey key) {
    return (key.name() == null ? "" : "CONSTRAINT " + quote(key.name()) + " ")
        + "FOREIGN KEY ("
        + quoteAll(key.columns())
        + ") REFERENCES "
        + quote(key.referencedTable())
        + " ("
        + quoteAll(key.referencedColumns())
        + ")"
        + (key.onDelete() == ReferentialAction.NO_ACTION
            ? ""
            : " ON DELETE " + key.onDelete().sql())
        + (key.onUpdate() == ReferentialAction.NO_ACTION
            ? ""
            : " ON UPDATE " + key.onUpdate().sql());
  }

  /** Renames a table; the same statement on both databases. */
  default String renameTable(String from, String to) {
    return "ALTER TABLE " + quote(from) + " RENAME TO " + quote(to);
  }

  /** Renames a column; the same statement on both databases (SQLite since 3.25). */
  default String renameColumn(String table, String from, String to) {
    return "ALTER TABLE " + quote(table) + " RENAME COLUMN " + quote(from) + " TO " + quote(to);
  }

  default String createIndex(Index index, boolean ifNotExists) {
    String keys =
        index.expressions().isEmpty()
            ? quoteAll(index.columns())
            : String.join(", ", index.expressions());
    return "CREATE "
        + (index.isUnique() ? "UNIQUE " : "")
        + "INDEX "
        + (index.isConcurrent() ? concurrently() : "")
        + (ifNotExists ? "IF NOT EXISTS " : "")
        + quote(index.name())
        + " ON "
        + quote(index.table())
        + " ("
        + keys
        + ")"
        + (index.where() == null ? "" : " WHERE " + index.where());
  }

  // ---- Binding values: bulk insert and execute(sql, parameters) share one rule (see Values).

  /** {@code INSERT INTO table (columns) VALUES (?, ...)}, with the casts this dialect needs. */
  default String insert(String table, List<Column> columns) {
    return "INSERT INTO "
        + quote(table)
        + " ("
        + quoteAll(columns.stream().map(Column::name).toList())
        + ") VALUES ("
        + columns.stream().map(c -> placeholder(c.type())).collect(Collectors.joining(", "))
        + ")";
  }

  /** A parameter marker for a value of {@code type}. */
  default String placeholder(ColumnType type) {
    return "?";
  }

  /**
   * Binds {@code value} for a column of {@code type} (null when unknown), following Retort's rule
   * for date-times: zoned values are converted to UTC. {@code target} names what the value goes to,
   * for messages: {@code column at}, {@code parameter 2}.
   */
  void bind(
      java.sql.PreparedStatement statement, int index, String target, ColumnType type, Object value)
      throws SQLException;

  /** Binds the parameters of {@code execute(sql, parameters)}, whose column types are unknown. */
  default void bindAll(java.sql.PreparedStatement statement, Object[] parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      bind(statement, i + 1, "parameter " + (i + 1), null, parameters[i]);
    }
  }

  /** Quotes each name and joins them with commas. */
  default String quoteAll(List<String> names) {
    return names.stream().map(this::quote).collect(Collectors.joining(", "));
  }

  /**
   * What to do instead, when {@code statement}, raw SQL a revision ran, failed with {@code error}
   * because this database never runs such a statement; empty when the failure is of another kind.
   * SQLite names the batch form for an ALTER TABLE it cannot run.
   */
  default Optional<String> refusalHint(String statement, SQLException error) {
    return Optional.empty();
  }

  // ---- Runtime guards: per-revision timeouts, blocking sessions, invalid indexes. PostgreSQL
  // ---- only: SQLite takes its write lock before a revision starts, and has no statement timeout.

  /** True when this database takes {@code lock_timeout} and {@code statement_timeout}. */
  default boolean hasStatementTimeouts() {
    return false;
  }

  /**
   * Sets the lock and statement timeouts, in one round trip: parameters are the lock timeout and
   * whether it lasts only to the end of the transaction (SET LOCAL), then the statement timeout and
   * the same flag again; each timeout as the database's text, such as {@code 10000ms}, or {@code
   * 0}. Returns one row: the two values set.
   */
  default String setTimeouts() {
    throw new UnsupportedOperationException(name() + " has no statement timeouts");
  }

  /**
   * Sets the lock and statement timeouts for the session (not SET LOCAL) and reads the values in
   * force before, and the backend's process id, in one round trip: parameters are the new lock
   * timeout and statement timeout, in {@link #setTimeouts}'s format. Returns one row: the lock
   * timeout and the statement timeout found, as text, then the process id. Run outside a
   * transaction, so that no rollback can undo it.
   */
  default String replaceSessionTimeouts() {
    throw new UnsupportedOperationException(name() + " has no statement timeouts");
  }

  /** True when {@code e} is a statement's lock wait running past the lock timeout. */
  default boolean isLockTimeout(SQLException e) {
    return false;
  }

  /** True when {@code e} is a statement cancelled by the statement timeout or a cancel request. */
  default boolean isStatementCancelled(SQLException e) {
    return false;
  }

  /**
   * The sessions that block the backend with process id {@code ?}: pid, application name, state,
   * seconds since its transaction began, and its current or last query.
   */
  default String selectBlockingSessions() {
    throw new UnsupportedOperationException(name() + " cannot name blocking sessions");
  }

  /**
   * The invalid index named {@code ?} (as stored, unquoted) on the table {@code ?} (as a statement
   * would name it, resolved through the search path): its schema-qualified, quoted name; no row
   * when there is none.
   */
  default String selectInvalidIndex() {
    throw new UnsupportedOperationException(name() + " has no invalid indexes");
  }

  /**
   * Every invalid index outside the system schemas: its quoted, schema-qualified name and its
   * table's, sorted.
   * Empty SQL for a database that never leaves one, such as SQLite.
   */
  default String selectInvalidIndexes() {
    return "";
  }

  /** One row for each index build in progress on the table {@code ?} by another session. */
  default String selectIndexBuilds() {
    throw new UnsupportedOperationException(name() + " has no concurrent index builds");
  }

  /** Drops the index {@code qualifiedIndex} (already quoted) without blocking writes. */
  default String dropIndexConcurrently(String qualifiedIndex) {
    throw new UnsupportedOperationException(name() + " has no concurrent index drops");
  }
}
