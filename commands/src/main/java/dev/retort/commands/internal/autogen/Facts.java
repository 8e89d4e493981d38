package dev.retort.commands.internal.autogen;

import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the generator needs to know of one schema beyond its parts: which columns are enums of
 * which type, and whether two parts mean the same. Sameness goes through {@link SchemaDiff} on a
 * one-part schema, so that the generator and {@code check} agree on what a difference is (no false
 * difference from {@code int4} against {@code integer}, or a default's cast).
 */
final class Facts {
  /** SQLite keeps an enum as a CHECK named after the type: {@code "kind" IN ('run', 'ride')}. */
  private static final Pattern ENUM_CHECK =
      Pattern.compile(
          "\\s*\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s+IN\\s*\\(\\s*('(?:[^']|'')*'(?:\\s*,\\s*'(?:[^']|'')*')*)\\s*\\)\\s*",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern LITERAL = Pattern.compile("'((?:[^']|'')*)'");

  final Schema schema;
  final boolean postgres;

  /** Enum type name to its values. */
  final Map<String, List<String>> enums = new LinkedHashMap<>();

  /** {@code table\0column} to the enum type the column has. */
  final Map<String, String> enumColumns = new LinkedHashMap<>();

  Facts(Schema schema) {
    this.schema = schema;
    this.postgres = schema.dialect().equalsIgnoreCase("PostgreSQL");
    if (postgres) {
      for (Schema.EnumType type : schema.enumTypes()) {
        enums.put(type.name(), type.values());
      }
      for (Schema.Table table : schema.tables()) {
        for (Schema.Column column : table.columns()) {
          String type = enumNamed(column.normalizedType());
          if (type != null) {
            enumColumns.put(key(table.name(), column.name()), type);
          }
        }
      }
    } else {
      for (Schema.Table table : schema.tables()) {
        for (Schema.Check check : table.checks()) {
          EnumCheck found = enumCheck(table, check);
          if (found != null) {
            enums.putIfAbsent(check.name(), found.values());
            enumColumns.put(key(table.name(), found.column()), check.name());
          }
        }
      }
    }
  }

  private String enumNamed(String normalizedType) {
    for (String name : enums.keySet()) {
      if (name.equalsIgnoreCase(normalizedType)) {
        return name;
      }
    }
    return null;
  }

  static String key(String table, String column) {
    return table + "\0" + column;
  }

  /** The enum type of {@code column}, or null. */
  String enumOf(Schema.Table table, Schema.Column column) {
    return enumColumns.get(key(table.name(), column.name()));
  }

  /** True when {@code check} is how SQLite keeps an enum (so not a constraint of its own). */
  boolean isEnumCheck(Schema.Table table, Schema.Check check) {
    return !postgres && enumCheck(table, check) != null;
  }

  record EnumCheck(String column, List<String> values) {}

  private static EnumCheck enumCheck(Schema.Table table, Schema.Check check) {
    if (check.name() == null) {
      return null;
    }
    Matcher matcher = ENUM_CHECK.matcher(check.expression());
    if (!matcher.matches() || table.column(matcher.group(1)) == null) {
      return null;
    }
    List<String> values = new ArrayList<>();
    Matcher literal = LITERAL.matcher(matcher.group(2));
    while (literal.find()) {
      values.add(literal.group(1).replace("''", "'"));
    }
    // Only the column ColumnType.enumeration writes, VARCHAR(longest value), is an enum; any other
    // column with an IN check (Hibernate's varchar(255) for an @Enumerated field) keeps its type
    // and its check.
    int longest = values.stream().mapToInt(String::length).max().orElse(1);
    String type = table.column(matcher.group(1)).normalizedType();
    if (!type.equals("varchar(" + longest + ")")) {
      return null;
    }
    return new EnumCheck(matcher.group(1), values);
  }

  // ---- Sameness, judged by the schema diff on schemas of one part

  static boolean sameDefault(String dialect, Schema.Column a, Schema.Column b) {
    return same(
        dialect,
        table(List.of(Schema.Column.of("c", "text", true, a.defaultValue(), null, null, null))),
        table(List.of(Schema.Column.of("c", "text", true, b.defaultValue(), null, null, null))));
  }

  static boolean sameGenerated(String dialect, Schema.Column a, Schema.Column b) {
    return same(
        dialect,
        table(List.of(Schema.Column.of("c", "text", true, null, a.generated(), null, null))),
        table(List.of(Schema.Column.of("c", "text", true, null, b.generated(), null, null))));
  }

  static boolean sameCheck(String dialect, Schema.Check a, Schema.Check b) {
    return same(
        dialect,
        new Schema.Table("t", List.of(), null, List.of(), List.of(), List.of(a), List.of()),
        new Schema.Table("t", List.of(), null, List.of(), List.of(), List.of(b), List.of()));
  }

  static boolean sameIndex(String dialect, Schema.Index a, Schema.Index b) {
    return same(
        dialect,
        new Schema.Table("t", List.of(), null, List.of(), List.of(), List.of(), List.of(a)),
        new Schema.Table("t", List.of(), null, List.of(), List.of(), List.of(), List.of(b)));
  }

  static boolean sameForeignKey(Schema.ForeignKey a, Schema.ForeignKey b) {
    return java.util.Objects.equals(a.name(), b.name())
        && a.columns().equals(b.columns())
        && a.referencedTable().equals(b.referencedTable())
        && a.referencedColumns().equals(b.referencedColumns())
        && a.onDelete().equalsIgnoreCase(b.onDelete())
        && a.onUpdate().equalsIgnoreCase(b.onUpdate());
  }

  private static Schema.Table table(List<Schema.Column> columns) {
    return new Schema.Table("t", columns, null, List.of(), List.of(), List.of(), List.of());
  }

  private static boolean same(String dialect, Schema.Table a, Schema.Table b) {
    return SchemaDiff.between(schema(dialect, a), schema(dialect, b)).isEmpty();
  }

  private static Schema schema(String dialect, Schema.Table table) {
    return new Schema(dialect, List.of(table), List.of(), List.of(), List.of(), List.of());
  }

  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
