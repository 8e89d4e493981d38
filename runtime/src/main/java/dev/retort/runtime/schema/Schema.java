package dev.retort.runtime.schema;

import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One database schema as the database reports it, in a form that does not depend on the dialect:
 * tables with their columns, keys, constraints and indexes, views, triggers, PostgreSQL enum types
 * and free-standing sequences. Immutable; every list is sorted by name (columns keep their
 * declared order), so two reads of one schema are equal. Read one with {@code
 * Schema.read(connection, List.of("retort_version", "retort_history"))} and compare two with
 * {@link SchemaDiff#between(Schema, String, Schema, String)}.
 *
 * <p>Each part keeps the text the database reported; {@link #toText()} and {@link SchemaDiff}
 * compare normalised forms, so that harmless spellings ({@code int4} and {@code integer}, {@code
 * now()} and {@code CURRENT_TIMESTAMP}, a default's {@code ::text} cast, case and whitespace in SQL
 * text) are not differences.
 *
 * @param dialect the database's name: {@code PostgreSQL} or {@code SQLite}
 */
public record Schema(
    String dialect,
    List<Table> tables,
    List<View> views,
    List<Trigger> triggers,
    List<EnumType> enumTypes,
    List<Sequence> sequences) {

  public Schema {
    Objects.requireNonNull(dialect, "dialect == null");
    tables = sorted(tables, Table::name);
    views = sorted(views, View::name);
    triggers = sorted(triggers, Trigger::name);
    enumTypes = sorted(enumTypes, EnumType::name);
    sequences = sorted(sequences, Sequence::name);
  }

  /**
   * Reads the schema {@code connection} works in (PostgreSQL: its {@code current_schema()}; SQLite:
   * the main database), leaving out the tables named in {@code excludedTables} (case-insensitive)
   * and everything that belongs to them: Retort's version and history tables, say.
   */
  public static Schema read(Connection connection, Collection<String> excludedTables)
      throws SQLException {
    return Dialect.detect(connection).readSchema(connection, excludedTables);
  }

  /** The table called {@code name}, or null. */
  public Table table(String name) {
    return tables.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
  }

  /** True when the schema holds nothing at all. */
  public boolean isEmpty() {
    return tables.isEmpty()
        && views.isEmpty()
        && triggers.isEmpty()
        && enumTypes.isEmpty()
        && sequences.isEmpty();
  }

  /**
   * The normalised, readable text of this schema, one fact a line, indented under its table: the
   * format of the schema snapshots the test kit commits. {@link SchemaDiff#between(String, Schema)}
   * reads it back.
   */
  public String toText() {
    return Outline.of(this).render();
  }

  /** A table with what belongs to it. */
  public record Table(
      String name,
      List<Column> columns,
      PrimaryKey primaryKey,
      List<ForeignKey> foreignKeys,
      List<Unique> uniques,
      List<Check> checks,
      List<Index> indexes) {
    public Table {
      Objects.requireNonNull(name, "name == null");
      columns = List.copyOf(columns);
      foreignKeys =
          sorted(foreignKeys, k -> (k.name() == null ? "" : k.name()) + "\0" + k.columns());
      uniques = sorted(uniques, u -> (u.name() == null ? "" : u.name()) + "\0" + u.columns());
      checks =
          sorted(checks, c -> (c.name() == null ? "" : c.name()) + "\0" + c.expression());
      indexes = sorted(indexes, Index::name);
    }

    /** The column called {@code name}, or null. */
    public Column column(String name) {
      return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }
  }

  /**
   * A column.
   *
   * @param type the type as the database reports it ({@code int4}, {@code character varying(32)},
   *     or on SQLite the declared text)
   * @param normalizedType the same in one spelling per type: {@code integer}, {@code varchar(32)}
   * @param defaultValue the default's SQL text as reported, or null
   * @param generated the expression of a generated column followed by {@code stored} or {@code
   *     virtual}, or null
   * @param identity {@code always} or {@code by default} for a PostgreSQL identity column, {@code
   *     autoincrement} for SQLite's, or null
   * @param collation a collation other than the type's default, or null
   */
  public record Column(
      String name,
      String type,
      String normalizedType,
      boolean nullable,
      String defaultValue,
      String generated,
      String identity,
      String collation) {
    public Column {
      Objects.requireNonNull(name, "name == null");
      Objects.requireNonNull(type, "type == null");
      Objects.requireNonNull(normalizedType, "normalizedType == null");
    }

    /** A column whose normalised type is worked out from {@code type}. */
    public static Column of(
        String name,
        String type,
        boolean nullable,
        String defaultValue,
        String generated,
        String identity,
        String collation) {
      return new Column(
          name,
          type,
          SqlText.normalizeType(type),
          nullable,
          defaultValue,
          generated,
          identity,
          collation);
    }
  }

  /** A primary key; {@code name} is null where the database names none (SQLite, mostly). */
  public record PrimaryKey(String name, List<String> columns) {
    public PrimaryKey {
      columns = List.copyOf(columns);
    }
  }

  /**
   * A foreign key. The actions are written as in SQL: {@code NO ACTION}, {@code RESTRICT}, {@code
   * CASCADE}, {@code SET NULL}, {@code SET DEFAULT}.
   */
  public record ForeignKey(
      String name,
      List<String> columns,
      String referencedTable,
      List<String> referencedColumns,
      String onDelete,
      String onUpdate) {
    public ForeignKey {
      columns = List.copyOf(columns);
      referencedColumns = List.copyOf(referencedColumns);
      Objects.requireNonNull(referencedTable, "referencedTable == null");
      onDelete = onDelete == null ? "NO ACTION" : onDelete;
      onUpdate = onUpdate == null ? "NO ACTION" : onUpdate;
    }
  }

  /** A unique constraint (a unique index made by CREATE UNIQUE INDEX is an {@link Index}). */
  public record Unique(String name, List<String> columns) {
    public Unique {
      columns = List.copyOf(columns);
    }
  }

  /** A check constraint; on SQLite a column's CHECK counts as the table's. */
  public record Check(String name, String expression) {
    public Check {
      Objects.requireNonNull(expression, "expression == null");
    }
  }

  /**
   * An index made by CREATE INDEX (the indexes behind keys and unique constraints are left out).
   *
   * @param keys each key's text: a column name or an expression, with {@code DESC} or a collation
   *     where given
   * @param where a partial index's predicate, or null
   */
  public record Index(String name, boolean unique, List<String> keys, String where) {
    public Index {
      Objects.requireNonNull(name, "name == null");
      keys = List.copyOf(keys);
    }
  }

  /** A view (PostgreSQL: materialized ones too); {@code definition} is its query's text. */
  public record View(String name, String definition) {}

  /** A trigger; {@code definition} is its CREATE TRIGGER text. */
  public record Trigger(String name, String table, String definition) {}

  /** A PostgreSQL enum type, its values in their sort order. */
  public record EnumType(String name, List<String> values) {
    public EnumType {
      values = List.copyOf(values);
    }
  }

  /**
   * A PostgreSQL sequence that belongs to no column (identity and serial sequences are part of
   * their column).
   */
  public record Sequence(String name, long start, long increment) {}

  private static <T> List<T> sorted(
      List<T> items, java.util.function.Function<T, String> key) {
    return items.stream().sorted(Comparator.comparing(key)).toList();
  }
}
