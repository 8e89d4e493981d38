package dev.retort.runtime.ops;

import java.util.List;
import java.util.Objects;

/**
 * A foreign-key constraint. Immutable.
 *
 * <pre>{@code
 * ForeignKey.from("athlete_id").references("athlete", "id").onDelete(ReferentialAction.CASCADE)
 * }</pre>
 */
public final class ForeignKey {
  private final String name;
  private final List<String> columns;
  private final String referencedTable;
  private final List<String> referencedColumns;
  private final ReferentialAction onDelete;
  private final ReferentialAction onUpdate;
  private final boolean notValid;

  private ForeignKey(
      String name,
      List<String> columns,
      String referencedTable,
      List<String> referencedColumns,
      ReferentialAction onDelete,
      ReferentialAction onUpdate,
      boolean notValid) {
    this.name = name;
    this.columns = columns;
    this.referencedTable = referencedTable;
    this.referencedColumns = referencedColumns;
    this.onDelete = onDelete;
    this.onUpdate = onUpdate;
    this.notValid = notValid;
  }

  /** Starts a foreign key on {@code columns}; finish it with {@link Builder#references}. */
  public static Builder from(String... columns) {
    return new Builder(Names.requireAll(List.of(columns), "column name"));
  }

  /** A foreign key waiting for the table it references. */
  public static final class Builder {
    private final List<String> columns;

    private Builder(List<String> columns) {
      this.columns = columns;
    }

    /** References {@code columns} of {@code table}, one for each column of this key. */
    public ForeignKey references(String table, String... columns) {
      List<String> referenced = Names.requireAll(List.of(columns), "column name");
      if (referenced.size() != this.columns.size()) {
        throw new IllegalArgumentException(
            "foreign key " + this.columns + " references " + referenced + ": counts differ");
      }
      return new ForeignKey(
          null,
          this.columns,
          Names.require(table, "table name"),
          referenced,
          ReferentialAction.NO_ACTION,
          ReferentialAction.NO_ACTION,
          false);
    }
  }

  /** A copy with a constraint name, which a later revision needs to drop it. */
  public ForeignKey named(String name) {
    return new ForeignKey(
        Names.require(name, "constraint name"),
        columns,
        referencedTable,
        referencedColumns,
        onDelete,
        onUpdate,
        notValid);
  }

  public ForeignKey onDelete(ReferentialAction action) {
    return new ForeignKey(
        name,
        columns,
        referencedTable,
        referencedColumns,
        Objects.requireNonNull(action, "action == null"),
        onUpdate,
        notValid);
  }

  public ForeignKey onUpdate(ReferentialAction action) {
    return new ForeignKey(
        name,
        columns,
        referencedTable,
        referencedColumns,
        onDelete,
        Objects.requireNonNull(action, "action == null"),
        notValid);
  }

  /**
   * A copy added without checking the rows already there: {@code ADD CONSTRAINT ... NOT VALID} on
   * PostgreSQL, which holds its SHARE ROW EXCLUSIVE lock only for a moment instead of for a scan of
   * the whole table. New and changed rows are checked at once; check the old ones in a later
   * revision with {@link Operations#validateConstraint}, which takes a lock that lets writes go on.
   * Used by {@link Operations#createForeignKey} and {@link BatchOperations#createForeignKey}; in
   * {@link Table#foreignKey} the flag has no effect (an empty table has nothing to check).
   *
   * <p>SQLite has no unvalidated state: there the key is added as without this flag, and SQLite
   * checks foreign keys only as rows change.
   *
   * <pre>{@code
   * op.createForeignKey("workout",
   *     ForeignKey.from("athlete_id").references("athlete", "id").named("fk_workout_athlete")
   *         .notValid());
   * }</pre>
   */
  public ForeignKey notValid() {
    return new ForeignKey(
        name, columns, referencedTable, referencedColumns, onDelete, onUpdate, true);
  }

  /** The constraint name, or null for an unnamed key. */
  public String name() {
    return name;
  }

  public List<String> columns() {
    return columns;
  }

  public String referencedTable() {
    return referencedTable;
  }

  public List<String> referencedColumns() {
    return referencedColumns;
  }

  public ReferentialAction onDelete() {
    return onDelete;
  }

  public ReferentialAction onUpdate() {
    return onUpdate;
  }

  /** True when added with {@link #notValid()}. */
  public boolean isNotValid() {
    return notValid;
  }
}
