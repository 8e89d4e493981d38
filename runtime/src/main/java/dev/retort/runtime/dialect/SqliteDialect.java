package dev.retort.runtime.dialect;

import dev.retort.runtime.Database;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.internal.StatementFailedException;
import dev.retort.runtime.lock.MigrationLock;
import dev.retort.runtime.lock.SqliteWriteLock;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnChange;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Operation;
import dev.retort.runtime.ops.ServerDefault;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * SQLite: transactional DDL, and the database's own write lock, taken up front by {@code BEGIN
 * IMMEDIATE} for each revision's transaction.
 */
public final class SqliteDialect implements Dialect {
  static final SqliteDialect INSTANCE = new SqliteDialect();

  /** SQLite's primary result code for "the database file is locked". */
  public static final int SQLITE_BUSY = 5;

  private SqliteDialect() {}

  @Override
  public String name() {
    return "SQLite";
  }

  @Override
  public Database database() {
    return Database.SQLITE;
  }

  @Override
  public dev.retort.runtime.schema.Schema readSchema(
      Connection connection, java.util.Collection<String> excludedTables) throws SQLException {
    return SqliteSchemaReader.read(connection, excludedTables);
  }

  @Override
  public SchemaPrints schemaPrints(
      Connection connection, java.util.Collection<String> excludedTables) throws SQLException {
    return SqliteSchemaReader.prints(connection, excludedTables);
  }

  @Override
  public boolean isUndefinedTable(SQLException e) {
    String message = e.getMessage();
    return message != null && message.contains("no such table");
  }

  @Override
  public String selectSchema() {
    // A schema is an attached database (or main, or temp).
    return "SELECT 1 FROM pragma_database_list WHERE name = ?";
  }

  @Override
  public boolean isUnknownSchema(SQLException e) {
    String message = e.getMessage();
    return message != null && message.contains("unknown database");
  }

  @Override
  public boolean isUndefinedColumn(SQLException e) {
    String message = e.getMessage();
    return message != null && message.contains("no such column");
  }

  @Override
  public String selectDigestColumn(String table) {
    int dot = table.indexOf('.');
    String from =
        dot < 0
            ? "pragma_table_info(" + literal(table) + ")"
            : "pragma_table_info("
                + literal(table.substring(dot + 1))
                + ", "
                + literal(table.substring(0, dot))
                + ")";
    return "SELECT 1 FROM " + from + " WHERE name = '" + DIGEST_COLUMN + "'";
  }

  @Override
  public String createHistoryTable(String table) {
    // applied_at is UTC text, ISO-8601 with a 'Z', so that no reader has to guess its zone.
    return "CREATE TABLE IF NOT EXISTS "
        + quoteTable(table)
        + " (id INTEGER PRIMARY KEY,"
        + " revision_id TEXT NOT NULL,"
        + " action TEXT NOT NULL,"
        + " checksum TEXT,"
        + " applied_at TEXT NOT NULL,"
        + " duration_ms INTEGER NOT NULL,"
        + " applied_by TEXT)";
  }

  @Override
  public String insertHistory(String table) {
    // SQLite has no users; applied_by stays NULL.
    return "INSERT INTO "
        + quoteTable(table)
        + " (revision_id, action, checksum, applied_at, duration_ms, applied_by)"
        + " VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, NULL)";
  }

  @Override
  public String createBackfillTable(String table) {
    // Times as UTC text with a 'Z', as in the history table.
    return "CREATE TABLE IF NOT EXISTS "
        + quoteTable(table)
        + " (revision_id TEXT NOT NULL,"
        + " direction TEXT NOT NULL,"
        + " name TEXT NOT NULL,"
        + " last_key TEXT,"
        + " rows_done INTEGER NOT NULL,"
        + " chunks_done INTEGER NOT NULL,"
        + " done INTEGER NOT NULL,"
        + " started_at TEXT NOT NULL,"
        + " updated_at TEXT NOT NULL,"
        + " PRIMARY KEY (revision_id, direction, name))";
  }

  @Override
  public String saveBackfill(String table) {
    return saveBackfill(table, "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')");
  }

  @Override
  public Instant historyTime(ResultSet rows, int column) throws SQLException {
    // Written by insertHistory as ISO-8601 UTC text with a 'Z'.
    return Instant.parse(rows.getString(column));
  }

  /** Switches foreign-key enforcement; a no-op inside a transaction, so run it outside one. */
  public String setForeignKeys(boolean on) {
    return "PRAGMA foreign_keys = " + (on ? "ON" : "OFF");
  }

  /** Sets how long a statement waits for another connection's lock; milliseconds, an int. */
  public String setBusyTimeout(int millis) {
    return "PRAGMA busy_timeout = " + millis;
  }

  /** Reads the busy timeout in force. */
  public String getBusyTimeout() {
    return "PRAGMA busy_timeout";
  }

  /**
   * The path of the main database's file; empty for an in-memory or temporary database. One row,
   * one column.
   */
  public String mainDatabaseFile() {
    return "SELECT file FROM pragma_database_list WHERE name = 'main'";
  }

  /** Begins a transaction that takes the write lock at once, instead of at its first write. */
  public String beginImmediate() {
    return "BEGIN IMMEDIATE";
  }

  public String commit() {
    return "COMMIT";
  }

  public String rollback() {
    return "ROLLBACK";
  }

  /** True when {@code e} is SQLite's "database is locked". */
  @Override
  public boolean isLockConflict(SQLException e) {
    // sqlite-jdbc reports the extended code in getErrorCode(); its low byte is the primary code.
    return (e.getErrorCode() & 0xff) == SQLITE_BUSY
        || (e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY"));
  }

  /** SQLite's primary result code for "attempt to write a readonly database". */
  public static final int SQLITE_READONLY = 8;

  @Override
  public boolean isReadOnly(SQLException e) {
    return (e.getErrorCode() & 0xff) == SQLITE_READONLY
        || (e.getMessage() != null && e.getMessage().contains("SQLITE_READONLY"));
  }

  @Override
  public MigrationLock lock(
      Connection connection, String versionTable, Duration timeout, Duration waited)
      throws SQLException {
    return SqliteWriteLock.acquire(this, connection, timeout, waited);
  }

  // ---- Types. SQLite keeps the declared name and derives an affinity from it; these names give
  // ---- each kind the affinity that stores its values unchanged.

  @Override
  public String specificTypeName(ColumnType type) {
    return switch (type.kind()) {
      // TEXT affinity: a name like "UUID" or "JSON" would get NUMERIC affinity, turning '123' into
      // 123.
      case UUID -> "CHAR(36)";
      case JSON -> "TEXT";
      case BYTES -> "BLOB";
      case ENUM ->
          "VARCHAR(" + type.enumValues().stream().mapToInt(String::length).max().orElse(1) + ")";
      default -> throw new IllegalArgumentException("a standard type: " + type);
    };
  }

  @Override
  public String columnDefinition(String table, Column column) {
    if (column.isIdentity()) {
      // Only the exact type name INTEGER makes the column an alias of the rowid.
      return quote(column.name())
          + " INTEGER PRIMARY KEY NOT NULL"
          + (column.isUnique() ? " UNIQUE" : "");
    }
    String definition = Dialect.super.columnDefinition(table, column);
    if (column.type().kind() == ColumnType.Kind.ENUM) {
      definition += " " + enumCheck(column.name(), column.type());
    }
    return definition;
  }

  /**
   * The constraint that stands for enum {@code type} on {@code column}: SQLite has no enum types,
   * so the type's name names a CHECK constraint, which is how {@link #addEnumValue} and {@link
   * #replaceEnumValues} find the columns of a type.
   */
  String enumCheck(String column, ColumnType type) {
    return "CONSTRAINT "
        + quote(type.enumName())
        + " CHECK ("
        + quote(column)
        + " IN ("
        + type.enumValues().stream().map(this::literal).collect(Collectors.joining(", "))
        + "))";
  }

  @Override
  public void addEnumValue(String typeName, String value, SqlRunner runner) {
    ColumnType.enumeration(typeName, List.of(value)); // checks both
    new SqliteTableRebuild(this, runner)
        .evolveEnum(
            typeName,
            values -> {
              if (values.contains(value)) {
                throw EnumEvolution.alreadyHas(typeName, value, values);
              }
              List<String> more = new java.util.ArrayList<>(values);
              more.add(value);
              return more;
            });
  }

  @Override
  public void replaceEnumValues(String typeName, List<String> values, SqlRunner runner) {
    List<String> checked = ColumnType.enumeration(typeName, values).enumValues();
    new SqliteTableRebuild(this, runner).evolveEnum(typeName, old -> checked);
  }

  /**
   * SQLite's ADD COLUMN refuses a primary key, a UNIQUE column, a NOT NULL column without a
   * non-null default, a CURRENT_TIMESTAMP or expression default, and a STORED generated column.
   * Refused here with the batch form, behind the compiler's check, instead of with SQLite's terse
   * error.
   */
  @Override
  public void addColumn(String table, Column column, SqlRunner runner) {
    String reason = null;
    if (column.isPrimaryKey() || column.isIdentity()) {
      reason = "a primary-key column";
    } else if (column.isUnique()) {
      reason = "a UNIQUE column";
    } else if (!column.isNullable() && !(column.serverDefault() instanceof ServerDefault.Value)) {
      reason = "a NOT NULL column without a constant server default";
    } else if (column.serverDefault() != null
        && !(column.serverDefault() instanceof ServerDefault.Value)) {
      reason = "a column whose default is not a constant";
    } else if (column.isStored()) {
      reason = "a STORED generated column";
    }
    if (reason != null) {
      throw new RetortException(
          "SQLite cannot add "
              + reason
              + " ("
              + column.name()
              + ") to an existing table with ALTER TABLE; use "
              + batchForm(table, "addColumn(...)")
              + ", which rebuilds the table");
    }
    Dialect.super.addColumn(table, column, runner);
  }

  /**
   * SQLite's CURRENT_TIMESTAMP is UTC wall time ({@code 2026-11-23 07:30:00}), which is right for a
   * column without time zone; a column with time zone holds the instant as Retort binds it ({@code
   * 2026-11-23T07:30:00Z}), so its default writes the same form, and the column's values compare
   * and sort as one kind of text.
   */
  @Override
  public String defaultSql(ServerDefault value, ColumnType type) {
    if (value instanceof ServerDefault.CurrentTimestamp && Values.isZonedTimestamp(type)) {
      return "(strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
    }
    return defaultSql(value);
  }

  // ---- Binding. SQLite stores date-times as text; Retort writes them in SQLite's own format.

  @Override
  public void bind(
      java.sql.PreparedStatement statement, int index, String target, ColumnType type, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, java.sql.Types.NULL);
    } else if (Values.isZoned(value)) {
      // Without a column type (execute), the rule's default: UTC wall time, readable by both kinds.
      statement.setString(
          index,
          Values.isZonedTimestamp(type)
              ? Values.instant(value).toString()
              : Values.sqliteText(Values.utcWallTime(value)));
    } else if (value instanceof java.time.LocalDateTime local) {
      if (Values.isZonedTimestamp(type)) {
        throw Values.naiveIntoZoned(target, local);
      }
      statement.setString(index, Values.sqliteText(local));
    } else if (value instanceof java.time.LocalDate || value instanceof java.time.LocalTime) {
      statement.setString(index, value.toString());
    } else if (value instanceof java.util.UUID) {
      statement.setString(index, value.toString());
    } else if (value instanceof Enum<?> constant) {
      statement.setString(index, Values.enumName(constant));
    } else {
      statement.setObject(index, value);
    }
  }

  // ---- What SQLite's ALTER TABLE can do natively, and the batch for the rest.

  /** The first SQLite version whose ALTER TABLE adds and drops CHECK and NOT NULL constraints. */
  public static final int[] CONSTRAINT_ALTER_SINCE = {3, 53, 0};

  private static String batchForm(String table, String call) {
    return "op.batchAlterTable(\"" + table + "\", batch -> batch." + call + ")";
  }

  /** The table an {@code ALTER TABLE} names: [schema.]name, each bare or quoted. */
  private static final Pattern ALTER_TABLE =
      Pattern.compile(
          "\\s*ALTER\\s+TABLE\\s+(?:(?:\\w+|\"[^\"]*\")\\s*\\.\\s*)?"
              + "(\\w+|\"(?:[^\"]|\"\")*\"|`[^`]*`|\\[[^\\]]*\\])",
          Pattern.CASE_INSENSITIVE);

  /**
   * For raw SQL: an ALTER TABLE that SQLite refused for its form, not for the schema (SQLite says
   * {@code syntax error} for ALTER COLUMN or ADD CONSTRAINT UNIQUE, and {@code Cannot add a ...}
   * for an ADD COLUMN it cannot add to a table with rows), gets the batch form, as the compiler's
   * {@code [Retort/SqliteAlter]} gives it for a constant string.
   */
  @Override
  public Optional<String> refusalHint(String statement, SQLException error) {
    String said = String.valueOf(error.getMessage());
    Matcher alter = ALTER_TABLE.matcher(statement);
    if (!alter.lookingAt()) {
      return Optional.empty();
    }
    String table = alter.group(1);
    if (table.length() > 1 && "\"`[".indexOf(table.charAt(0)) >= 0) {
      table = table.substring(1, table.length() - 1).replace("\"\"", "\"");
    }
    if (said.contains("Cannot add a ")) {
      return Optional.of(
          "SQLite's ADD COLUMN cannot add a primary-key or UNIQUE column, nor, to a table that"
              + " has rows, a NOT NULL column without a non-null constant default or a column"
              + " whose default is not a constant; use "
              + batchForm(table, "addColumn(...)")
              + ", which rebuilds the table");
    }
    if (said.contains("syntax error")) {
      return Optional.of(
          "SQLite's ALTER TABLE only renames a table, renames, adds and drops a column, and from"
              + " 3.53 adds and drops CHECK constraints and changes NOT NULL; make other changes"
              + " (a column's type or default, UNIQUE and foreign-key constraints) with "
              + "op.batchAlterTable(\""
              + table
              + "\", batch -> ...), which rebuilds the table");
    }
    return Optional.empty();
  }

  /** True when the connected SQLite is {@code since} or later. */
  static boolean isAtLeast(SqlRunner runner, int[] since) {
    String[] parts = runner.query("SELECT sqlite_version()").get(0).split("\\.");
    for (int i = 0; i < since.length; i++) {
      int part = i < parts.length ? Integer.parseInt(parts[i]) : 0;
      if (part != since[i]) {
        return part > since[i];
      }
    }
    return true;
  }

  @Override
  public void alterColumn(String table, String column, ColumnChange change, SqlRunner runner) {
    if (change.isRenameOnly()) {
      runner.execute(renameColumn(table, column, change.newName()));
      return;
    }
    if (change.isNullabilityOnly() && isAtLeast(runner, CONSTRAINT_ALTER_SINCE)) {
      runner.execute(
          "ALTER TABLE "
              + quote(table)
              + " ALTER COLUMN "
              + quote(column)
              + (change.isNullable() ? " DROP NOT NULL" : " SET NOT NULL"));
      return;
    }
    throw new RetortException(
        "SQLite cannot alter column "
            + column
            + " of "
            + table
            + " with ALTER TABLE (it changes only a name natively, and nullability alone from"
            + " 3.53); use "
            + batchForm(table, "alterColumn(\"" + column + "\", ...)")
            + ", which rebuilds the table");
  }

  @Override
  public void addConstraint(String table, Operation.Constraint constraint, SqlRunner runner) {
    if (constraint instanceof Operation.Constraint.Check
        && isAtLeast(runner, CONSTRAINT_ALTER_SINCE)) {
      Dialect.super.addConstraint(table, constraint, runner);
      return;
    }
    String call =
        constraint instanceof Operation.Constraint.Unique
            ? "createUniqueConstraint(\"" + constraint.name() + "\", ...)"
            : constraint instanceof Operation.Constraint.Check
                ? "createCheckConstraint(\"" + constraint.name() + "\", ...)"
                : constraint instanceof Operation.Constraint.PrimaryKey
                    ? "createPrimaryKey(\"" + constraint.name() + "\", ...)"
                    : "createForeignKey(...)";
    throw new RetortException(
        "SQLite cannot add constraint "
            + constraint.name()
            + " to the existing table "
            + table
            + " with ALTER TABLE; use "
            + batchForm(table, call)
            + ", which rebuilds the table");
  }

  /** SQLite keeps no constraint unvalidated: every constraint is in force once added. */
  @Override
  public void validateConstraint(String table, String name, SqlRunner runner) {}

  private static final String PLAIN_UNIQUE_INDEX =
      "SELECT 1 FROM pragma_index_list(?) WHERE name = ? COLLATE NOCASE AND \"unique\" = 1"
          + " AND partial = 0 AND origin = 'c'";

  private static final String INDEX_COLUMNS =
      "SELECT name FROM pragma_index_info(?) ORDER BY seqno";

  /**
   * SQLite has no USING INDEX: the index is dropped and the table rebuilt with the constraint, as a
   * batch would, inside the revision's transaction. The constraint enforces what the index did.
   */
  @Override
  public void addUniqueUsingIndex(String table, String name, String index, SqlRunner runner) {
    List<String> columns = runner.query(INDEX_COLUMNS, index);
    if (runner.query(PLAIN_UNIQUE_INDEX, table, index).isEmpty()
        || columns.isEmpty()
        || columns.contains(null)) {
      throw new RetortException(
          "cannot add constraint "
              + name
              + " to "
              + table
              + " using index "
              + index
              + ": "
              + table
              + " has no unique index of that name on plain columns without a WHERE clause;"
              + " create it first with op.createIndex(Index.named(\""
              + index
              + "\").on(\""
              + table
              + "\", ...).unique())");
    }
    runner.execute("DROP INDEX " + quote(index));
    batchAlterTable(
        table,
        List.of(Operation.AddConstraint.unique(table, name, columns)),
        runner);
  }

  @Override
  public void dropConstraint(String table, String name, SqlRunner runner) {
    if (isAtLeast(runner, CONSTRAINT_ALTER_SINCE)) {
      try {
        Dialect.super.dropConstraint(table, name, runner);
        return;
      } catch (StatementFailedException e) {
        // SQLite drops only CHECK and NOT NULL constraints natively; the batch drops any.
        throw new RetortException(
            "SQLite could not drop constraint "
                + name
                + " of "
                + table
                + " natively ("
                + e.getCause().getMessage()
                + "); use "
                + batchForm(table, "dropConstraint(\"" + name + "\")"),
            e);
      }
    }
    throw new RetortException(
        "SQLite before 3.53 cannot drop constraint "
            + name
            + " of "
            + table
            + " with ALTER TABLE; use "
            + batchForm(table, "dropConstraint(\"" + name + "\")"));
  }

  /** SQLite's ALTER TABLE cannot drop a key or a UNIQUE constraint: the batch form. */
  private static RetortException onlyInBatch(String what, String table, String call) {
    return new RetortException(
        "SQLite cannot drop "
            + what
            + " of "
            + table
            + " with ALTER TABLE; use "
            + batchForm(table, call)
            + ", which rebuilds the table");
  }

  private static String arguments(List<String> values) {
    return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
  }

  @Override
  public void dropPrimaryKey(String table, SqlRunner runner) {
    throw onlyInBatch("the primary key", table, "dropPrimaryKey()");
  }

  @Override
  public void dropForeignKey(
      String table, String referencedTable, List<String> columns, SqlRunner runner) {
    throw onlyInBatch(
        "a foreign key",
        table,
        "dropForeignKey(" + arguments(List.of(referencedTable)) + ", " + arguments(columns) + ")");
  }

  @Override
  public void dropUnique(String table, List<String> columns, SqlRunner runner) {
    throw onlyInBatch(
        "a UNIQUE constraint", table, "dropUniqueConstraint(" + arguments(columns) + ")");
  }

  @Override
  public void dropChecksOn(String table, String column, SqlRunner runner) {
    throw onlyInBatch(
        "CHECK constraints by column", table, "dropCheckConstraints(\"" + column + "\")");
  }

  @Override
  public void batchAlterTable(String table, List<Operation> changes, SqlRunner runner) {
    new SqliteTableRebuild(this, runner).rebuild(table, changes);
  }
}
