package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Writes a statement's bound parameters into its text, for an offline script, where nothing can be
 * bound. Values become the dialect's literals ({@link Dialect#literal}); the {@code ?} markers are
 * found outside string literals, quoted identifiers, comments and PostgreSQL dollar quotes.
 */
final class ScriptLiterals {
  private ScriptLiterals() {}

  /**
   * {@code sql} with each {@code ?} replaced by the literal of the parameter in its place.
   *
   * @throws IllegalArgumentException when the counts differ
   * @throws dev.retort.runtime.RetortException when a value has no literal; {@code parameters} are
   *     values as a dialect binds them (zoned date-times already converted)
   */
  static String inline(Dialect dialect, String sql, List<?> parameters) {
    StringBuilder out = new StringBuilder(sql.length() + 16 * parameters.size());
    int next = 0;
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      int end = i + 1;
      if (c == '\'' || c == '"') {
        end = closing(sql, i + 1, c);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int newline = sql.indexOf('\n', i);
        end = newline < 0 ? n : newline;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int close = sql.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
      } else if (c == '$' && dialect == Dialect.postgres()) {
        int tagEnd = dollarTag(sql, i);
        if (tagEnd > 0) {
          String tag = sql.substring(i, tagEnd);
          int close = sql.indexOf(tag, tagEnd);
          end = close < 0 ? n : close + tag.length();
        }
      } else if (c == '?') {
        if (next == parameters.size()) {
          throw new IllegalArgumentException(
              "the statement has more ? markers than its " + parameters.size() + " parameters");
        }
        out.append(literal(dialect, parameters.get(next), next + 1));
        next++;
        i++;
        continue;
      }
      out.append(sql, i, end);
      i = end;
    }
    if (next != parameters.size()) {
      throw new IllegalArgumentException(
          "the statement has " + next + " ? markers for " + parameters.size() + " parameters");
    }
    return out.toString();
  }

  /** The index after the quote that closes one opened before {@code from}; doubled quotes stay. */
  private static int closing(String sql, int from, char quote) {
    int i = from;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return sql.length();
  }

  /** The end of a dollar-quote tag ({@code $$} or {@code $name$}) starting at {@code at}, or -1. */
  private static int dollarTag(String sql, int at) {
    int i = at + 1;
    while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
      i++;
    }
    if (i < sql.length() && sql.charAt(i) == '$' && (i == at + 1 || !isDigit(sql, at + 1))) {
      return i + 1;
    }
    return -1;
  }

  private static boolean isDigit(String sql, int at) {
    return Character.isDigit(sql.charAt(at));
  }

  private static String literal(Dialect dialect, Object value, int position) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isFinite(number)) {
        return BigDecimal.valueOf(number).toPlainString();
      }
    }
    if (value instanceof UUID
        || value instanceof java.time.LocalDate
        || value instanceof java.time.LocalTime
        || value instanceof java.time.LocalDateTime
        || value instanceof java.time.OffsetDateTime) {
      // What the dialect bound (a UTC offset date-time, or a wall time): ISO-8601 text, which the
      // database reads as the same value whatever the session's time zone.
      return dialect.literal(value.toString());
    }
    if (value instanceof String
        || value instanceof Boolean
        || value instanceof BigDecimal
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short) {
      return dialect.literal(value);
    }
    throw new RetortException(
        "parameter "
            + position
            + " is a "
            + value.getClass().getName()
            + ", which offline SQL cannot write as a literal; write the value in the SQL, or run"
            + " this revision online");
  }
}
