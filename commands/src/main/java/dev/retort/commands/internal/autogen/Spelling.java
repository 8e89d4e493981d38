package dev.retort.commands.internal.autogen;

import com.palantir.javapoet.ClassName;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.schema.Schema;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How one part of a {@link Schema} is written in the ops API: a column type as a {@code
 * ColumnType} factory, a default as a {@code ServerDefault}, a column as a {@code Column} chain.
 * Where the ops cannot say what the database has, the spelling is null and the caller writes a
 * TODO instead of guessing.
 */
final class Spelling {
  static final ClassName COLUMN = ClassName.get("dev.retort.runtime.ops", "Column");
  static final ClassName COLUMN_TYPE = ClassName.get("dev.retort.runtime.ops", "ColumnType");
  static final ClassName COLUMN_CHANGE = ClassName.get("dev.retort.runtime.ops", "ColumnChange");
  static final ClassName SERVER_DEFAULT = ClassName.get("dev.retort.runtime.ops", "ServerDefault");
  static final ClassName TABLE = ClassName.get("dev.retort.runtime.ops", "Table");
  static final ClassName INDEX = ClassName.get("dev.retort.runtime.ops", "Index");
  static final ClassName FOREIGN_KEY = ClassName.get("dev.retort.runtime.ops", "ForeignKey");
  static final ClassName ACTION = ClassName.get("dev.retort.runtime.ops", "ReferentialAction");
  static final ClassName LIST = ClassName.get(List.class);
  static final ClassName BIG_DECIMAL = ClassName.get(java.math.BigDecimal.class);

  private static final Pattern VARCHAR = Pattern.compile("varchar\\((\\d+)\\)");
  private static final Pattern NUMERIC = Pattern.compile("numeric\\((\\d+),(\\d+)\\)");
  private static final Pattern STRING = Pattern.compile("'((?:[^']|'')*)'(::[A-Za-z_ \".()0-9]+)*");
  private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
  private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");
  private static final Pattern CAST = Pattern.compile("(.*?)(::[A-Za-z_ \".()0-9]+)+");

  private Spelling() {}

  /** The {@code ColumnType} for {@code column}, or null when the ops cannot name it. */
  static Expr type(Facts facts, Schema.Table table, Schema.Column column) {
    String enumName = facts.enumOf(table, column);
    if (enumName != null) {
      return Expr.call(
          "$T.enumeration",
          List.of(
              Expr.leaf("$S", enumName),
              Expr.call("$T.of", Expr.strings(facts.enums.get(enumName)), LIST)),
          COLUMN_TYPE);
    }
    String type = column.normalizedType();
    String factory =
        switch (type) {
          case "smallint" -> "smallint";
          case "integer" -> "integer";
          case "bigint" -> "bigint";
          case "boolean" -> "bool";
          case "text" -> "text";
          case "real" -> "real";
          case "double precision" -> "doublePrecision";
          case "date" -> "date";
          case "time" -> "time";
          // Naive and zoned kept apart, as the target has them.
          case "timestamp" -> "timestamp";
          case "timestamp with time zone" -> "timestampWithTimeZone";
          case "uuid" -> facts.postgres ? "uuid" : null;
          case "jsonb" -> facts.postgres ? "json" : null;
          case "bytea" -> facts.postgres ? "bytes" : null;
          case "blob" -> facts.postgres ? null : "bytes";
          // What ColumnType.uuid() declares on SQLite (a TEXT affinity that keeps '0123' text).
          case "char(36)" -> facts.postgres ? null : "uuid";
          default -> null;
        };
    if (factory != null) {
      return Expr.leaf("$T.$N()", COLUMN_TYPE, factory);
    }
    Matcher varchar = VARCHAR.matcher(type);
    if (varchar.matches()) {
      return Expr.leaf("$T.varchar($L)", COLUMN_TYPE, varchar.group(1));
    }
    Matcher numeric = NUMERIC.matcher(type);
    if (numeric.matches()) {
      return Expr.leaf("$T.numeric($L, $L)", COLUMN_TYPE, numeric.group(1), numeric.group(2));
    }
    try {
      ColumnType.named(column.type());
    } catch (IllegalArgumentException notAName) {
      return null;
    }
    return Expr.leaf("$T.named($S)", COLUMN_TYPE, column.type());
  }

  /** A short word for the kind of a column's type, to tell a widening from a conversion. */
  static String family(String normalizedType) {
    String type = normalizedType.replaceAll("\\(.*", "");
    return switch (type) {
      case "smallint", "integer", "bigint" -> "integer";
      case "varchar", "text", "char" -> "text";
      default -> type;
    };
  }

  /** True when values of {@code from} always fit {@code to}, so no conversion needs checking. */
  static boolean widens(String from, String to) {
    List<String> integers = List.of("smallint", "integer", "bigint");
    if (integers.contains(from) && integers.contains(to)) {
      return integers.indexOf(to) >= integers.indexOf(from);
    }
    if (to.equals("text") && family(from).equals("text")) {
      return true;
    }
    Matcher a = VARCHAR.matcher(from);
    Matcher b = VARCHAR.matcher(to);
    if (a.matches() && b.matches()) {
      return Integer.parseInt(b.group(1)) >= Integer.parseInt(a.group(1));
    }
    return false;
  }

  /**
   * The {@code ServerDefault} for a default's SQL text: a constant where the text is one, {@code
   * currentTimestamp()} where the dialect renders that exactly as the target has it, else the
   * expression as written.
   */
  static Expr serverDefault(Facts facts, Schema.Column column, boolean enumColumn) {
    String text = unwrap(column.defaultValue().strip());
    Matcher string = STRING.matcher(text);
    if (string.matches()) {
      String value = string.group(1).replace("''", "'");
      String type = column.normalizedType();
      if (enumColumn || type.startsWith("varchar") || type.equals("text") || type.startsWith("char")
          || string.group(2) == null) {
        return Expr.leaf("$T.value($S)", SERVER_DEFAULT, value);
      }
      // PostgreSQL writes '5'::integer for some constants: the value, without its cast.
      text = value;
    } else {
      Matcher cast = CAST.matcher(text);
      if (cast.matches()) {
        text = unwrap(cast.group(1).strip());
      }
    }
    if (INTEGER.matcher(text).matches()) {
      long number = Long.parseLong(text);
      return number == (int) number
          ? Expr.leaf("$T.value($L)", SERVER_DEFAULT, number)
          : Expr.leaf("$T.value($LL)", SERVER_DEFAULT, number);
    }
    if (DECIMAL.matcher(text).matches()) {
      return Expr.leaf("$T.value(new $T($S))", SERVER_DEFAULT, BIG_DECIMAL, text);
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.equals("true") || lower.equals("false")) {
      return Expr.leaf("$T.value($L)", SERVER_DEFAULT, lower);
    }
    if (facts.postgres
        && column.normalizedType().equals("timestamp")
        && lower.matches("current_timestamp at time zone 'utc'(::text)?")) {
      return Expr.leaf("$T.currentTimestamp()", SERVER_DEFAULT); // how Retort writes it here
    }
    if (!facts.postgres
        && column.normalizedType().equals("timestamp with time zone")
        && lower.replace(" ", "").equals("strftime('%y-%m-%dt%h:%m:%sz','now')")) {
      return Expr.leaf("$T.currentTimestamp()", SERVER_DEFAULT); // how Retort writes it here
    }
    if (lower.equals("current_timestamp") || lower.equals("now()")) {
      boolean zoned = column.normalizedType().equals("timestamp with time zone");
      // currentTimestamp() is UTC wall time on a naive column (PostgreSQL renders it with AT TIME
      // ZONE 'UTC') and an ISO instant on a zoned one on SQLite: use it only where it renders as
      // the target wrote it.
      if (facts.postgres ? zoned : !zoned) {
        return Expr.leaf("$T.currentTimestamp()", SERVER_DEFAULT);
      }
    }
    return Expr.call(
        "$T.expression",
        List.of(Expr.leaf("$S", unwrap(column.defaultValue().strip()))),
        SERVER_DEFAULT);
  }

  /** True when the default is a constant, which SQLite's ADD COLUMN accepts. */
  static boolean isConstant(Expr serverDefault) {
    return serverDefault instanceof Expr.Leaf leaf && leaf.code().toString().contains(".value(");
  }

  static String unwrap(String text) {
    while (text.startsWith("(")
        && text.endsWith(")")
        && balanced(text.substring(1, text.length() - 1))) {
      text = text.substring(1, text.length() - 1).strip();
    }
    return text;
  }

  private static boolean balanced(String text) {
    int depth = 0;
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** The referential action's constant: {@code CASCADE}, {@code SET_NULL}. */
  static String action(String sql) {
    return sql.toUpperCase(Locale.ROOT).replace(' ', '_');
  }
}
