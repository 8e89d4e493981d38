package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.SqliteDialect;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * {@link JdbcOperations} that write a script instead of running statements: every typed operation
 * is rendered by the dialect exactly as online, and the statements it sends are recorded (and given
 * to the {@link OfflineDatabase}, which follows the schema); the dialect's catalog queries are
 * answered by the offline database. Parameters are bound by the dialect, as online, into a {@link
 * RecordingStatement}, and the bound values written as literals.
 */
final class OfflineOperations extends JdbcOperations {
  /** Thrown by {@link #connection()}: offline there is no connection to read from. */
  static final class ReadsDatabase extends RuntimeException {
    ReadsDatabase() {
      super("offline SQL has no database connection", null, false, false);
    }
  }

  private final Dialect dialect;
  private final OfflineDatabase database;
  private final List<String> statements;
  private int depth;
  private boolean readsDatabase;
  private boolean rebuildsTable;

  /** {@code statements} receives the script's statements; null to replay without recording. */
  OfflineOperations(
      Dialect dialect, RevisionInfo revision, OfflineDatabase database, List<String> statements) {
    super(null, dialect, revision);
    this.dialect = dialect;
    this.database = database;
    this.statements = statements;
  }

  /** True when the revision asked for the connection, even if it caught the refusal. */
  boolean readsDatabase() {
    return readsDatabase;
  }

  /** True when the revision rebuilds a SQLite table, which needs foreign keys off. */
  boolean rebuildsTable() {
    return rebuildsTable;
  }

  @Override
  void apply(Operation operation) {
    if (operation instanceof Operation.BatchAlterTable && dialect instanceof SqliteDialect) {
      rebuildsTable = true;
    }
    database.beforeOperation(operation);
    depth++;
    try {
      super.apply(operation);
    } finally {
      depth--;
    }
    database.afterOperation(operation);
  }

  @Override
  public void execute(String sql) {
    // Outside apply(), the statement is the revision's own SQL.
    database.execute(sql, depth == 0);
    if (statements != null) {
      statements.add(sql);
    }
  }

  @Override
  public void execute(String sql, Object... parameters) {
    // Bound by the dialect as online (its date-time rule included), then written as literals.
    RecordingStatement bound = new RecordingStatement(parameters.length);
    try {
      dialect.bindAll(bound, parameters);
    } catch (SQLException e) {
      throw new RetortException(Messages.unboundOffline(sql, e.getMessage()), e);
    }
    execute(ScriptLiterals.inline(dialect, sql, bound.values()));
  }

  @Override
  public <R extends List<?>> long bulkInsert(String table, List<Column> columns, Iterable<R> rows) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to insert into " + table);
    }
    String sql = dialect.insert(table, columns);
    long count = 0;
    for (List<?> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row "
                + (count + 1)
                + " of the bulk insert into "
                + table
                + " has "
                + row.size()
                + " values for "
                + columns.size()
                + " columns");
      }
      count++;
      RecordingStatement bound = new RecordingStatement(columns.size());
      try {
        for (int i = 0; i < row.size(); i++) {
          Column column = columns.get(i);
          dialect.bind(bound, i + 1, "column " + column.name(), column.type(), row.get(i));
        }
      } catch (SQLException e) {
        throw new RetortException(Messages.unboundOffline(sql, e.getMessage()), e);
      }
      // One INSERT per row: a script has no batches, and the row count stays visible.
      depth++;
      try {
        execute(ScriptLiterals.inline(dialect, sql, bound.values()));
      } finally {
        depth--;
      }
    }
    return count;
  }

  @Override
  public Connection connection() {
    readsDatabase = true;
    throw new ReadsDatabase();
  }

  @Override
  public List<String> query(String sql, Object... parameters) {
    return database.query(sql, parameters);
  }
}
