package dev.retort.runtime.dialect;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.ops.ColumnType;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.Temporal;

/**
 * Retort's one rule for date-times bound into a statement (seed 000's naive datetimes): a zoned
 * value ({@link Instant}, {@link OffsetDateTime}, {@link ZonedDateTime}) is converted to UTC. A
 * column without time zone receives the UTC wall time; a column with time zone receives the
 * instant. A {@link LocalDateTime} goes into a column without time zone as it is, and is refused
 * for a column with time zone, since its zone would be a guess.
 *
 * <p>And one rule for Java enums: a constant is bound as its {@link Enum#name() name} (see {@link
 * #enumName}).
 */
final class Values {
  private static final DateTimeFormatter WALL_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss");

  private Values() {}

  /** True for the zoned types the rule converts. */
  static boolean isZoned(Object value) {
    return value instanceof Instant
        || value instanceof OffsetDateTime
        || value instanceof ZonedDateTime;
  }

  /** The instant of a zoned value. */
  static Instant instant(Object value) {
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant();
    }
    return ((ZonedDateTime) value).toInstant();
  }

  /** A zoned value as the UTC wall time a column without time zone stores. */
  static LocalDateTime utcWallTime(Object value) {
    return LocalDateTime.ofInstant(instant(value), ZoneOffset.UTC);
  }

  /** A zoned value as an offset date-time at UTC, for a column with time zone. */
  static OffsetDateTime utc(Object value) {
    return instant(value).atOffset(ZoneOffset.UTC);
  }

  /** {@code 2026-11-23 07:30:00} or {@code 2026-11-23 07:30:00.25}: SQLite's own text format. */
  static String sqliteText(LocalDateTime time) {
    String text = WALL_TIME.format(time);
    if (time.getNano() == 0) {
      return text;
    }
    String fraction = String.format("%09d", time.getNano()).replaceAll("0+$", "");
    return text + "." + fraction;
  }

  /** {@code target} says what the value is bound to: {@code column at}, {@code parameter 2}. */
  static RetortException naiveIntoZoned(String target, Temporal value) {
    return new RetortException(
        target
            + " is a timestamp with time zone, but the value "
            + value
            + " is a LocalDateTime, whose zone would be a guess; pass an Instant or an"
            + " OffsetDateTime");
  }

  /**
   * A Java enum constant is bound as its {@link Enum#name() name} on both databases, never its
   * {@code toString()}: the name is what {@code Enum.valueOf} reads back.
   */
  static String enumName(Enum<?> value) {
    return value.name();
  }

  static boolean isTimestamp(ColumnType type) {
    return type != null && type.kind() == ColumnType.Kind.TIMESTAMP;
  }

  static boolean isZonedTimestamp(ColumnType type) {
    return type != null && type.kind() == ColumnType.Kind.TIMESTAMP_WITH_TIME_ZONE;
  }
}
