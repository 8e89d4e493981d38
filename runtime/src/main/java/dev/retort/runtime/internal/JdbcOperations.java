package dev.retort.runtime.internal;

import static java.lang.System.Logger.Level.DEBUG;

import dev.retort.runtime.Database;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.SqlRunner;
import dev.retort.runtime.ops.Backfill;
import dev.retort.runtime.ops.BatchOperations;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnChange;
import dev.retort.runtime.ops.ColumnPosition;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operation;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@link Operations} on one revision's connection, inside its transaction. Typed operations become
 * {@link Operation} values that the dialect renders; their statements come back through {@link
 * SqlRunner} and run here. {@link OfflineOperations} extends it to record them for a script
 * instead, so that online and offline share every typed operation.
 */
class JdbcOperations implements Operations, SqlRunner {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private final Connection connection;
  private final Dialect dialect;
  private final RevisionInfo revision;
  private Consumer<String> beforeEachStatement;
  private final Backfiller backfiller;

  JdbcOperations(Connection connection, Dialect dialect, RevisionInfo revision) {
    this(connection, dialect, revision, null);
  }

  /** {@code backfiller} runs {@link #backfill}; null where no backfill can run. */
  JdbcOperations(
      Connection connection, Dialect dialect, RevisionInfo revision, Backfiller backfiller) {
    this.connection = connection;
    this.dialect = dialect;
    this.revision = revision;
    this.backfiller = backfiller;
  }

  @Override
  public Database dialect() {
    return dialect.database();
  }

  /**
   * Runs {@code hook} (null for none) before each statement the revision executes, typed
   * operations' included: the runtime guards' look at what a revision sends.
   */
  void beforeEachStatement(Consumer<String> hook) {
    this.beforeEachStatement = hook;
  }

  @Override
  public void execute(String sql) {
    if (LOG.isLoggable(DEBUG)) { // spares the varargs array on every statement
      LOG.log(DEBUG, "{0}: {1}", revision.id(), sql);
    }
    if (beforeEachStatement != null) {
      beforeEachStatement.accept(sql);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e, dialect.refusalHint(sql, e));
    }
  }

  @Override
  public void execute(String sql, Object... parameters) {
    LOG.log(DEBUG, "{0}: {1} ({2} parameters)", revision.id(), sql, parameters.length);
    if (beforeEachStatement != null) {
      beforeEachStatement.accept(sql);
    }
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      dialect.bindAll(statement, parameters);
      statement.execute();
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e, dialect.refusalHint(sql, e));
    }
  }

  @Override
  public <R extends List<?>> long bulkInsert(String table, List<Column> columns, Iterable<R> rows) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to insert into " + table);
    }
    String sql = dialect.insert(table, columns);
    LOG.log(DEBUG, "{0}: {1} (bulk)", revision.id(), sql);
    long count = 0;
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int pending = 0;
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
        for (int i = 0; i < row.size(); i++) {
          Column column = columns.get(i);
          dialect.bind(statement, i + 1, "column " + column.name(), column.type(), row.get(i));
        }
        statement.addBatch();
        count++;
        if (++pending == BULK_INSERT_BATCH) {
          statement.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        statement.executeBatch();
      }
    } catch (SQLException e) {
      throw new StatementFailedException(sql + " (row " + count + " or the batch before it)", e);
    }
    return count;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public long backfill(Backfill backfill) {
    java.util.Objects.requireNonNull(backfill, "backfill == null");
    if (revision.transactional()) {
      // The processor reports the call it can see; this catches the rest (helpers, registries
      // built by hand).
      throw new RetortException(Messages.backfillInTransaction(revision, backfill.name()));
    }
    if (backfiller == null) {
      throw new RetortException(Messages.backfillOffline(revision, backfill.name()));
    }
    try {
      return backfiller.run(backfill);
    } catch (SQLException e) {
      throw new StatementFailedException("(backfill progress table)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RetortException(Messages.backfillInterrupted(revision, backfill.name()), e);
    }
  }

  @Override
  public List<String> query(String sql, Object... parameters) {
    LOG.log(DEBUG, "{0}: {1}", revision.id(), sql);
    List<String> values = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          values.add(rows.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new StatementFailedException(sql, e);
    }
    return values;
  }

  /** Performs one typed operation; every typed method of this class comes through here. */
  void apply(Operation operation) {
    dialect.apply(operation, this);
  }

  @Override
  public void createTable(Table table) {
    apply(new Operation.CreateTable(table, false));
  }

  @Override
  public void createTableIfNotExists(Table table) {
    apply(new Operation.CreateTable(table, true));
  }

  @Override
  public void dropTable(String table) {
    apply(new Operation.DropTable(table, false));
  }

  @Override
  public void dropTableIfExists(String table) {
    apply(new Operation.DropTable(table, true));
  }

  @Override
  public void renameTable(String from, String to) {
    apply(new Operation.RenameTable(from, to));
  }

  @Override
  public void addColumn(String table, Column column) {
    apply(new Operation.AddColumn(table, column));
  }

  @Override
  public void dropColumn(String table, String column) {
    apply(new Operation.DropColumn(table, column));
  }

  @Override
  public void renameColumn(String table, String from, String to) {
    apply(new Operation.RenameColumn(table, from, to));
  }

  @Override
  public void createIndex(Index index) {
    if (index.isConcurrent()) {
      requireOutsideTransaction("create index " + index.name() + " concurrently");
    }
    apply(new Operation.CreateIndex(index, false));
  }

  @Override
  public void createIndexIfNotExists(Index index) {
    if (index.isConcurrent()) {
      requireOutsideTransaction("create index " + index.name() + " concurrently");
    }
    apply(new Operation.CreateIndex(index, true));
  }

  @Override
  public void dropIndexConcurrently(String index) {
    requireOutsideTransaction("drop index " + index + " concurrently");
    apply(new Operation.DropIndex(index, false, true));
  }

  /**
   * Refuses a concurrent index build or drop in a transactional revision on both databases, before
   * anything is sent: PostgreSQL would refuse it anyway, and a revision that passed on SQLite would
   * then fail on PostgreSQL.
   */
  private void requireOutsideTransaction(String action) {
    if (revision.transactional()) {
      throw new RetortException(Messages.concurrentInTransaction(revision, action));
    }
  }

  @Override
  public void dropIndex(String index) {
    apply(new Operation.DropIndex(index, false));
  }

  @Override
  public void dropIndexIfExists(String index) {
    apply(new Operation.DropIndex(index, true));
  }

  @Override
  public void alterColumn(String table, String column, ColumnChange change) {
    apply(new Operation.AlterColumn(table, column, change));
  }

  @Override
  public void createUniqueConstraint(String name, String table, String... columns) {
    apply(
        new Operation.AddConstraint(
            table, new Operation.Constraint.Unique(name, List.of(columns))));
  }

  @Override
  public void createCheckConstraint(String name, String table, String expression) {
    apply(new Operation.AddConstraint(table, new Operation.Constraint.Check(name, expression)));
  }

  @Override
  public void createCheckConstraintNotValid(String name, String table, String expression) {
    apply(
        new Operation.AddConstraint(table, new Operation.Constraint.Check(name, expression, true)));
  }

  @Override
  public void validateConstraint(String table, String name) {
    apply(new Operation.ValidateConstraint(table, name));
  }

  @Override
  public void createUniqueConstraintUsingIndex(String name, String table, String index) {
    apply(new Operation.AddUniqueUsingIndex(table, name, index));
  }

  @Override
  public void createForeignKey(String table, ForeignKey key) {
    apply(new Operation.AddConstraint(table, new Operation.Constraint.Foreign(named(key))));
  }

  @Override
  public void dropConstraint(String table, String name) {
    apply(new Operation.DropConstraint(table, name));
  }

  @Override
  public void createPrimaryKey(String name, String table, String... columns) {
    apply(
        new Operation.AddConstraint(
            table, new Operation.Constraint.PrimaryKey(name, List.of(columns))));
  }

  @Override
  public void dropPrimaryKey(String table) {
    apply(new Operation.DropPrimaryKey(table));
  }

  @Override
  public void dropForeignKey(String table, String referencedTable, String... columns) {
    apply(new Operation.DropForeignKey(table, referencedTable, List.of(columns)));
  }

  @Override
  public void dropUniqueConstraint(String table, String... columns) {
    apply(new Operation.DropUnique(table, List.of(columns)));
  }

  @Override
  public void addEnumValue(String typeName, String value) {
    apply(new Operation.AddEnumValue(typeName, value));
  }

  @Override
  public void replaceEnumValues(String typeName, List<String> values) {
    apply(new Operation.ReplaceEnumValues(typeName, values));
  }

  @Override
  public void batchAlterTable(String table, Consumer<BatchOperations> changes) {
    List<Operation> collected = new ArrayList<>();
    changes.accept(
        new BatchOperations() {
          @Override
          public void addColumn(Column column) {
            collected.add(new Operation.AddColumn(table, column));
          }

          @Override
          public void addColumn(Column column, ColumnPosition position) {
            collected.add(
                new Operation.AddColumn(
                    table, column, java.util.Objects.requireNonNull(position, "position == null")));
          }

          @Override
          public void dropColumn(String column) {
            collected.add(new Operation.DropColumn(table, column));
          }

          @Override
          public void createPrimaryKey(String name, String... columns) {
            collected.add(
                new Operation.AddConstraint(
                    table, new Operation.Constraint.PrimaryKey(name, List.of(columns))));
          }

          @Override
          public void dropPrimaryKey() {
            collected.add(new Operation.DropPrimaryKey(table));
          }

          @Override
          public void dropForeignKey(String referencedTable, String... columns) {
            collected.add(new Operation.DropForeignKey(table, referencedTable, List.of(columns)));
          }

          @Override
          public void dropUniqueConstraint(String... columns) {
            collected.add(new Operation.DropUnique(table, List.of(columns)));
          }

          @Override
          public void dropCheckConstraints(String column) {
            collected.add(new Operation.DropChecksOn(table, column));
          }

          @Override
          public void alterColumn(String column, ColumnChange change) {
            collected.add(new Operation.AlterColumn(table, column, change));
          }

          @Override
          public void createUniqueConstraint(String name, String... columns) {
            collected.add(
                new Operation.AddConstraint(
                    table, new Operation.Constraint.Unique(name, List.of(columns))));
          }

          @Override
          public void createCheckConstraint(String name, String expression) {
            collected.add(
                new Operation.AddConstraint(
                    table, new Operation.Constraint.Check(name, expression)));
          }

          @Override
          public void createForeignKey(ForeignKey key) {
            collected.add(
                new Operation.AddConstraint(table, new Operation.Constraint.Foreign(named(key))));
          }

          @Override
          public void dropConstraint(String name) {
            collected.add(new Operation.DropConstraint(table, name));
          }
        });
    apply(new Operation.BatchAlterTable(table, collected));
  }

  private static ForeignKey named(ForeignKey key) {
    if (key.name() == null) {
      throw new IllegalArgumentException(
          "a foreign key added to an existing table needs a name, so a later revision can drop it:"
              + " use ForeignKey.from(...).references(...).named(\"fk_...\")");
    }
    return key;
  }
}
