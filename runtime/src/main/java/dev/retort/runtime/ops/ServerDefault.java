package dev.retort.runtime.ops;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A column's server default: a value the database fills in when an insert leaves the column out. A
 * {@link #value value} is rendered as a literal by the dialect, never as SQL text.
 */
public sealed interface ServerDefault {

  /** A constant: a {@code String}, a {@code Boolean} or a number. */
  static ServerDefault value(Object value) {
    Objects.requireNonNull(value, "value == null");
    if (!(value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof BigDecimal)) {
      throw new IllegalArgumentException(
          "not a default value: "
              + value.getClass().getName()
              + "; use a String, Boolean,"
              + " Integer, Long, Short or BigDecimal, or expression(...)");
    }
    return new Value(value);
  }

  /** The time of the insert: {@code CURRENT_TIMESTAMP}. */
  static ServerDefault currentTimestamp() {
    return new CurrentTimestamp();
  }

  /** SQL text, used as written: the revision's author answers for it on both databases. */
  static ServerDefault expression(String sql) {
    Objects.requireNonNull(sql, "sql == null");
    return new Expression(sql);
  }

  /** A constant value. */
  record Value(Object value) implements ServerDefault {}

  /** {@code CURRENT_TIMESTAMP}. */
  record CurrentTimestamp() implements ServerDefault {}

  /** SQL text. */
  record Expression(String sql) implements ServerDefault {}
}
