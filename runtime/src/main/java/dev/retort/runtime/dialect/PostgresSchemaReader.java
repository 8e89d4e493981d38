package dev.retort.runtime.dialect;

import dev.retort.runtime.schema.Schema;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the PostgreSQL schema a connection works in ({@code current_schema()}) from {@code
 * pg_catalog}: one query per kind of object for the whole schema. Expressions, defaults, view and
 * trigger text come from the server's own deparser ({@code pg_get_expr}, {@code pg_get_viewdef},
 * {@code pg_get_triggerdef}), names of objects in the schema unqualified. All SQL text of
 * PostgreSQL's introspection is in this class. Needs PostgreSQL 12 or later ({@code attgenerated}).
 */
final class PostgresSchemaReader {
  private PostgresSchemaReader() {}

  private static final String SCHEMA =
      "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())";

  static final String TABLES =
      "SELECT c.relname FROM pg_class c WHERE c.relnamespace = "
          + SCHEMA
          + " AND c.relkind IN ('r', 'p') ORDER BY c.relname";

  /** table, column, type, not null, default, generated, identity, collation if not the type's. */
  static final String COLUMNS =
      "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
          + " pg_get_expr(d.adbin, d.adrelid), a.attgenerated, a.attidentity,"
          + " CASE WHEN a.attcollation <> t.typcollation THEN co.collname END"
          + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
          + " JOIN pg_type t ON t.oid = a.atttypid"
          + " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
          + " LEFT JOIN pg_collation co ON co.oid = a.attcollation"
          + " WHERE c.relnamespace = "
          + SCHEMA
          + " AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
          + " ORDER BY c.relname, a.attnum";

  /**
   * Keys, unique and check constraints: table, name, type, columns, referenced table, referenced
   * columns, ON DELETE and ON UPDATE codes, check expression.
   */
  static final String CONSTRAINTS =
      "SELECT c.relname, k.conname, k.contype,"
          + " ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, i)"
          + " JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i),"
          + " f.relname,"
          + " ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, i)"
          + " JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.i),"
          + " k.confdeltype, k.confupdtype, pg_get_expr(k.conbin, k.conrelid)"
          + " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
          + " LEFT JOIN pg_class f ON f.oid = k.confrelid"
          + " WHERE c.relnamespace = "
          + SCHEMA
          + " AND k.contype IN ('p', 'u', 'f', 'c') ORDER BY c.relname, k.conname";

  /**
   * Indexes that no key or constraint owns: table, name, unique, keys (each with DESC where it is
   * descending), predicate, access method.
   */
  static final String INDEXES =
      "SELECT c.relname, i.relname, x.indisunique,"
          + " ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true)"
          + " || CASE WHEN x.indoption[k - 1] & 1 = 1 THEN ' DESC' ELSE '' END"
          + " FROM generate_series(1, x.indnkeyatts) k ORDER BY k),"
          + " pg_get_expr(x.indpred, x.indrelid), am.amname"
          + " FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
          + " JOIN pg_class c ON c.oid = x.indrelid JOIN pg_am am ON am.oid = i.relam"
          + " WHERE c.relnamespace = "
          + SCHEMA
          + " AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid"
          + " AND k.conrelid = x.indrelid AND k.contype IN ('p', 'u', 'x'))"
          + " ORDER BY c.relname, i.relname";

  static final String VIEWS =
      "SELECT c.relname, pg_get_viewdef(c.oid, true) FROM pg_class c WHERE c.relnamespace = "
          + SCHEMA
          + " AND c.relkind IN ('v', 'm') ORDER BY c.relname";

  static final String TRIGGERS =
      "SELECT c.relname, t.tgname, pg_get_triggerdef(t.oid, true)"
          + " FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
          + " WHERE c.relnamespace = "
          + SCHEMA
          + " AND NOT t.tgisinternal ORDER BY c.relname, t.tgname";

  static final String ENUMS =
      "SELECT t.typname, ARRAY(SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid"
          + " ORDER BY e.enumsortorder) FROM pg_type t WHERE t.typnamespace = "
          + SCHEMA
          + " AND t.typtype = 'e' ORDER BY t.typname";

  /** Sequences no column owns (serial and identity sequences belong to their column). */
  static final String SEQUENCES =
      "SELECT c.relname, s.seqstart, s.seqincrement FROM pg_class c"
          + " JOIN pg_sequence s ON s.seqrelid = c.oid WHERE c.relnamespace = "
          + SCHEMA
          + " AND c.relkind = 'S' AND NOT EXISTS (SELECT 1 FROM pg_depend d"
          + " WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid"
          + " AND d.deptype IN ('a', 'i')) ORDER BY c.relname";

  static Schema read(Connection connection, Collection<String> excludedTables)
      throws SQLException {
    Set<String> excluded = new TreeSet<>();
    excludedTables.forEach(t -> excluded.add(t.toLowerCase(Locale.ROOT)));
    Map<String, TableFacts> tables = new LinkedHashMap<>();
    List<Schema.View> views = new ArrayList<>();
    List<Schema.Trigger> triggers = new ArrayList<>();
    List<Schema.EnumType> enums = new ArrayList<>();
    List<Schema.Sequence> sequences = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery(TABLES)) {
        while (rows.next()) {
          String name = rows.getString(1);
          if (!excluded.contains(name.toLowerCase(Locale.ROOT))) {
            tables.put(name, new TableFacts(name));
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(COLUMNS)) {
        while (rows.next()) {
          TableFacts table = tables.get(rows.getString(1));
          if (table == null) {
            continue;
          }
          String expression = rows.getString(5);
          String generated = rows.getString(6);
          String identity = rows.getString(7);
          boolean isGenerated = generated != null && !generated.isEmpty();
          table.columns.add(
              Schema.Column.of(
                  rows.getString(2),
                  rows.getString(3),
                  !rows.getBoolean(4),
                  isGenerated ? null : expression,
                  isGenerated ? expression + " stored" : null,
                  identity == null || identity.isEmpty()
                      ? null
                      : identity.equals("a") ? "always" : "by default",
                  rows.getString(8)));
        }
      }
      try (ResultSet rows = statement.executeQuery(CONSTRAINTS)) {
        while (rows.next()) {
          TableFacts table = tables.get(rows.getString(1));
          if (table == null) {
            continue;
          }
          String name = rows.getString(2);
          List<String> columns = strings(rows.getArray(4));
          switch (rows.getString(3)) {
            case "p" -> table.primaryKey = new Schema.PrimaryKey(name, columns);
            case "u" -> table.uniques.add(new Schema.Unique(name, columns));
            case "f" -> table.foreignKeys.add(
                new Schema.ForeignKey(
                    name,
                    columns,
                    rows.getString(5),
                    strings(rows.getArray(6)),
                    action(rows.getString(7)),
                    action(rows.getString(8))));
            case "c" -> table.checks.add(new Schema.Check(name, rows.getString(9)));
            default -> {}
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(INDEXES)) {
        while (rows.next()) {
          TableFacts table = tables.get(rows.getString(1));
          if (table == null) {
            continue;
          }
          List<String> keys = strings(rows.getArray(4));
          String method = rows.getString(6);
          if (!"btree".equals(method)) {
            // The method changes what the index is; show it the way CREATE INDEX says it.
            table.indexes.add(
                new Schema.Index(
                    rows.getString(2),
                    rows.getBoolean(3),
                    List.of("using " + method + " (" + String.join(", ", keys) + ")"),
                    rows.getString(5)));
          } else {
            table.indexes.add(
                new Schema.Index(
                    rows.getString(2), rows.getBoolean(3), keys, rows.getString(5)));
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(VIEWS)) {
        while (rows.next()) {
          views.add(new Schema.View(rows.getString(1), rows.getString(2)));
        }
      }
      try (ResultSet rows = statement.executeQuery(TRIGGERS)) {
        while (rows.next()) {
          if (tables.containsKey(rows.getString(1))) {
            triggers.add(new Schema.Trigger(rows.getString(2), rows.getString(1), rows.getString(3)));
          }
        }
      }
      try (ResultSet rows = statement.executeQuery(ENUMS)) {
        while (rows.next()) {
          enums.add(new Schema.EnumType(rows.getString(1), strings(rows.getArray(2))));
        }
      }
      try (ResultSet rows = statement.executeQuery(SEQUENCES)) {
        while (rows.next()) {
          sequences.add(new Schema.Sequence(rows.getString(1), rows.getLong(2), rows.getLong(3)));
        }
      }
    }
    List<Schema.Table> result = new ArrayList<>();
    tables.values().forEach(t -> result.add(t.build()));
    return new Schema("PostgreSQL", result, views, triggers, enums, sequences);
  }

  private static final class TableFacts {
    final String name;
    final List<Schema.Column> columns = new ArrayList<>();
    Schema.PrimaryKey primaryKey;
    final List<Schema.ForeignKey> foreignKeys = new ArrayList<>();
    final List<Schema.Unique> uniques = new ArrayList<>();
    final List<Schema.Check> checks = new ArrayList<>();
    final List<Schema.Index> indexes = new ArrayList<>();

    TableFacts(String name) {
      this.name = name;
    }

    Schema.Table build() {
      return new Schema.Table(name, columns, primaryKey, foreignKeys, uniques, checks, indexes);
    }
  }

  /** pg_constraint's one-letter action codes, as SQL writes them. */
  private static String action(String code) {
    return switch (code == null ? "a" : code) {
      case "r" -> "RESTRICT";
      case "c" -> "CASCADE";
      case "n" -> "SET NULL";
      case "d" -> "SET DEFAULT";
      default -> "NO ACTION";
    };
  }

  private static List<String> strings(Array array) throws SQLException {
    if (array == null) {
      return List.of();
    }
    try {
      return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    } finally {
      array.free();
    }
  }
}
