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

  /**
   * {@code ALTER TABLE ... ADD COLUMN}; {@code position} places it in a SQLite batch, null for the
   * end.
   */
  record AddColumn(String table, Column column, ColumnPosition position) implements Operation {
    /** A column added at the end. */
    public AddColumn(String table, Column column) {
      this(table, column, null);
    }
  }

  /** {@code ALTER TABLE ... DROP COLUMN}. */
  record DropColumn(String table, String column) implements Operation {}

  /** {@code ALTER TABLE ... RENAME COLUMN}. */
  record RenameColumn(String table, String from, String to) implements Operation {}

  /** {@code CREATE INDEX}, with {@code IF NOT EXISTS} when {@code ifNotExists}. */
  record CreateIndex(Index index, boolean ifNotExists) implements Operation {}

  /**
   * {@code DROP INDEX}, with {@code IF EXISTS} when {@code ifExists}, and {@code CONCURRENTLY} on
   * PostgreSQL when {@code concurrently}.
   */
  record DropIndex(String index, boolean ifExists, boolean concurrently) implements Operation {
    /** A plain drop. */
    public DropIndex(String index, boolean ifExists) {
      this(index, ifExists, false);
    }
  }

  /** Changes one column: type, nullability, server default, name or comment. */
  record AlterColumn(String table, String column, ColumnChange change) implements Operation {}

  /** {@code ALTER TABLE ... ADD CONSTRAINT}. */
  record AddConstraint(String table, Constraint constraint) implements Operation {
    /**
     * Adds the UNIQUE constraint {@code name}. A factory, so that a dialect class that builds one
     * does not make the verifier load the constraint classes when the dialect loads at start-up.
     */
    public static AddConstraint unique(String table, String name, java.util.List<String> columns) {
      return new AddConstraint(table, new Constraint.Unique(name, columns));
    }
  }

  /** {@code ALTER TABLE ... DROP CONSTRAINT}. */
  record DropConstraint(String table, String name) implements Operation {}

  /**
   * {@code ALTER TABLE ... VALIDATE CONSTRAINT} on PostgreSQL; nothing on SQLite, which keeps no
   * constraint unvalidated.
   */
  record ValidateConstraint(String table, String name) implements Operation {
    public ValidateConstraint {
      Names.require(table, "table name");
      Names.require(name, "constraint name");
    }
  }

  /**
   * {@code ALTER TABLE ... ADD CONSTRAINT name UNIQUE USING INDEX index} on PostgreSQL; on SQLite
   * the index is dropped and the table rebuilt with the constraint.
   */
  record AddUniqueUsingIndex(String table, String name, String index) implements Operation {
    public AddUniqueUsingIndex {
      Names.require(table, "table name");
      Names.require(name, "constraint name");
      Names.require(index, "index name");
    }
  }

  /** Drops the table's primary key, whatever its name, or none. */
  record DropPrimaryKey(String table) implements Operation {}

  /**
   * Drops the foreign key of {@code table} on {@code columns} that references {@code
   * referencedTable}, named or not.
   */
  record DropForeignKey(String table, String referencedTable, java.util.List<String> columns)
      implements Operation {
    public DropForeignKey {
      Names.require(referencedTable, "table name");
      columns = Names.requireAll(columns, "column name");
    }
  }

  /** Drops the UNIQUE constraint of {@code table} on exactly {@code columns}, named or not. */
  record DropUnique(String table, java.util.List<String> columns) implements Operation {
    public DropUnique {
      columns = Names.requireAll(columns, "column name");
    }
  }

  /** Drops every CHECK constraint of {@code table} whose expression names {@code column}. */
  record DropChecksOn(String table, String column) implements Operation {
    public DropChecksOn {
      Names.require(column, "column name");
    }
  }

  /**
   * Several changes to one table at once: on SQLite a table rebuild, on PostgreSQL one ALTER TABLE
   * each. {@code changes} hold only {@link AddColumn}, {@link DropColumn}, {@link AlterColumn},
   * {@link AddConstraint}, {@link DropConstraint}, {@link DropPrimaryKey}, {@link DropForeignKey},
   * {@link DropUnique} and {@link DropChecksOn} operations on {@code table}.
   */
  record BatchAlterTable(String table, java.util.List<Operation> changes) implements Operation {
    public BatchAlterTable {
      changes = java.util.List.copyOf(changes);
    }
  }

  /**
   * Adds {@code value} to enum type {@code typeName}: {@code ALTER TYPE ... ADD VALUE} on
   * PostgreSQL, a rebuild of each table whose columns use it on SQLite.
   */
  record AddEnumValue(String typeName, String value) implements Operation {}

  /**
   * Replaces the values of enum type {@code typeName}, for every column that uses it: on PostgreSQL
   * a new type and a cast of each column, on SQLite a new CHECK by a rebuild.
   */
  record ReplaceEnumValues(String typeName, java.util.List<String> values) implements Operation {
    public ReplaceEnumValues {
      values = java.util.List.copyOf(values);
    }
  }

  /** A named constraint to add to an existing table. */
  sealed interface Constraint {
    String name();

    /** {@code UNIQUE (columns)}. */
    record Unique(String name, java.util.List<String> columns) implements Constraint {}

    /** {@code PRIMARY KEY (columns)}. */
    record PrimaryKey(String name, java.util.List<String> columns) implements Constraint {
      public PrimaryKey {
        Names.require(name, "constraint name");
        columns = Names.requireAll(columns, "column name");
      }
    }

    /**
     * {@code CHECK (expression)}; on PostgreSQL with {@code NOT VALID} when {@code notValid}, so
     * that the rows already there are not checked until {@link ValidateConstraint}.
     */
    record Check(String name, String expression, boolean notValid) implements Constraint {
      /** A check of every row. */
      public Check(String name, String expression) {
        this(name, expression, false);
      }
    }

    /** {@code FOREIGN KEY}; the key's own name is the constraint's. */
    record Foreign(ForeignKey key) implements Constraint {
      @Override
      public String name() {
        return key.name();
      }
    }
  }
}
