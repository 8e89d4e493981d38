package dev.retort.runtime.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A table to create: columns in order, and its constraints. Immutable; each method returns a
 * changed copy.
 *
 * <pre>{@code
 * Table.named("workout")
 *     .column(Column.of("id", ColumnType.bigint()).primaryKey().identity())
 *     .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
 *     .column(Column.of("seconds", ColumnType.integer()).notNull())
 *     .foreignKey(ForeignKey.from("athlete_id").references("athlete", "id")
 *         .onDelete(ReferentialAction.CASCADE))
 *     .check("ck_workout_seconds", "seconds > 0")
 * }</pre>
 */
public final class Table {
  /** A named UNIQUE constraint over {@code columns}. */
  public record Unique(String name, List<String> columns) {
    public Unique {
      Names.require(name, "constraint name");
      columns = Names.requireAll(columns, "column name");
    }
  }

  /** A named CHECK constraint; {@code expression} is SQL text, used as written. */
  public record Check(String name, String expression) {
    public Check {
      Names.require(name, "constraint name");
      Objects.requireNonNull(expression, "expression == null");
    }
  }

  private final String name;
  private final List<Column> columns;
  private final List<String> primaryKey;
  private final List<ForeignKey> foreignKeys;
  private final List<Unique> uniques;
  private final List<Check> checks;
  private final String comment;

  private Table(
      String name,
      List<Column> columns,
      List<String> primaryKey,
      List<ForeignKey> foreignKeys,
      List<Unique> uniques,
      List<Check> checks,
      String comment) {
    this.name = name;
    this.columns = List.copyOf(columns);
    this.primaryKey = List.copyOf(primaryKey);
    this.foreignKeys = List.copyOf(foreignKeys);
    this.uniques = List.copyOf(uniques);
    this.checks = List.copyOf(checks);
    this.comment = comment;
  }

  /** A table with no columns yet. */
  public static Table named(String name) {
    return new Table(
        Names.require(name, "table name"),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null);
  }

  /** A copy with {@code column} appended. */
  public Table column(Column column) {
    Objects.requireNonNull(column, "column == null");
    for (Column existing : columns) {
      if (existing.name().equalsIgnoreCase(column.name())) {
        throw new IllegalArgumentException(
            "table " + name + " already has column " + existing.name());
      }
    }
    List<Column> more = new ArrayList<>(columns);
    more.add(column);
    return new Table(name, more, primaryKey, foreignKeys, uniques, checks, comment);
  }

  /** A copy with a composite primary key; for one column, use {@link Column#primaryKey()}. */
  public Table primaryKey(String... columns) {
    return new Table(
        name,
        this.columns,
        Names.requireAll(List.of(columns), "column name"),
        foreignKeys,
        uniques,
        checks,
        comment);
  }

  public Table foreignKey(ForeignKey foreignKey) {
    List<ForeignKey> more = new ArrayList<>(foreignKeys);
    more.add(Objects.requireNonNull(foreignKey, "foreignKey == null"));
    return new Table(name, columns, primaryKey, more, uniques, checks, comment);
  }

  public Table unique(String constraintName, String... columns) {
    List<Unique> more = new ArrayList<>(uniques);
    more.add(new Unique(constraintName, List.of(columns)));
    return new Table(name, this.columns, primaryKey, foreignKeys, more, checks, comment);
  }

  public Table check(String constraintName, String expression) {
    List<Check> more = new ArrayList<>(checks);
    more.add(new Check(constraintName, expression));
    return new Table(name, columns, primaryKey, foreignKeys, uniques, more, comment);
  }

  /** A copy with a comment: {@code COMMENT ON TABLE} on PostgreSQL; SQLite skips it. */
  public Table comment(String comment) {
    return new Table(
        name,
        columns,
        primaryKey,
        foreignKeys,
        uniques,
        checks,
        Objects.requireNonNull(comment, "comment == null"));
  }

  public String name() {
    return name;
  }

  public List<Column> columns() {
    return columns;
  }

  /** The composite primary key's columns; empty when a column is the key, or there is none. */
  public List<String> primaryKey() {
    return primaryKey;
  }

  public List<ForeignKey> foreignKeys() {
    return foreignKeys;
  }

  public List<Unique> uniques() {
    return uniques;
  }

  public List<Check> checks() {
    return checks;
  }

  /** The comment, or null. */
  public String comment() {
    return comment;
  }
}
