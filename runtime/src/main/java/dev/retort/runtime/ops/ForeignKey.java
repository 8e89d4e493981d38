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

  private ForeignKey(
      String name,
      List<String> columns,
      String referencedTable,
      List<String> referencedColumns,
      ReferentialAction onDelete,
      ReferentialAction onUpdate) {
    this.name = name;
    this.columns = columns;
    this.referencedTable = referencedTable;
    this.referencedColumns = referencedColumns;
    this.onDelete = onDelete;
    this.onUpdate = onUpdate;
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
          ReferentialAction.NO_ACTION);
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
        onUpdate);
  }

  public ForeignKey onDelete(ReferentialAction action) {
    return new ForeignKey(
        name,
        columns,
        referencedTable,
        referencedColumns,
        Objects.requireNonNull(action, "action == null"),
        onUpdate);
  }

  public ForeignKey onUpdate(ReferentialAction action) {
    return new ForeignKey(
        name,
        columns,
        referencedTable,
        referencedColumns,
        onDelete,
        Objects.requireNonNull(action, "action == null"));
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
}
