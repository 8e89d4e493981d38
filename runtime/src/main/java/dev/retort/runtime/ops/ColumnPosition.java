package dev.retort.runtime.ops;

/**
 * Where {@link BatchOperations#addColumn(Column, ColumnPosition)} places a new column: before or
 * after an existing one. Only a SQLite batch, which rebuilds the table, can place a column;
 * PostgreSQL always appends and refuses a position (see {@link BatchOperations}).
 *
 * <pre>{@code
 * batch.addColumn(Column.of("middle_name", ColumnType.text()), ColumnPosition.after("first_name"));
 * }</pre>
 */
public record ColumnPosition(String column, boolean before) {
  public ColumnPosition {
    Names.require(column, "column name");
  }

  /** Just before {@code column}. */
  public static ColumnPosition before(String column) {
    return new ColumnPosition(column, true);
  }

  /** Just after {@code column}. */
  public static ColumnPosition after(String column) {
    return new ColumnPosition(column, false);
  }

  @Override
  public String toString() {
    return (before ? "before " : "after ") + column;
  }
}
