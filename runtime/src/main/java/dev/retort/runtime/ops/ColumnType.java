package dev.retort.runtime.ops;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A column's type, rendered by each dialect: {@code ColumnType.varchar(32)} is {@code VARCHAR(32)}
 * on both databases, {@code ColumnType.json()} is {@code JSONB} on PostgreSQL and {@code JSON} text
 * on SQLite, and an {@link #enumeration enumeration} is a real {@code CREATE TYPE} on PostgreSQL
 * and a named CHECK constraint on SQLite.
 *
 * <p>Timestamps come in two kinds, never confused: {@link #timestamp()} is naive (no zone: Retort
 * binds an {@code Instant} or {@code OffsetDateTime} to it as UTC wall time) and {@link
 * #timestampWithTimeZone()} is an instant.
 */
public final class ColumnType {
  /** The kinds of type. */
  public enum Kind {
    SMALLINT,
    INTEGER,
    BIGINT,
    BOOLEAN,
    TEXT,
    VARCHAR,
    NUMERIC,
    REAL,
    DOUBLE,
    DATE,
    TIME,
    TIMESTAMP,
    TIMESTAMP_WITH_TIME_ZONE,
    UUID,
    JSON,
    BYTES,
    ENUM,
    /** A type written verbatim: {@link #named}. */
    NAMED
  }

  private static final Pattern ENUM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  /**
   * What a verbatim type name may hold: words, quoted names, dots, a parenthesised argument list
   * and array brackets; no quote, semicolon or comment that could end the statement.
   */
  private static final Pattern VERBATIM =
      Pattern.compile("[A-Za-z_\"][A-Za-z0-9_ .\"]*(\\([0-9, ]*\\))?[A-Za-z0-9_ ]*(\\[\\])*");

  private final Kind kind;
  private final int length;
  private final int precision;
  private final int scale;

  /** The enum type's name, or a named type's verbatim name. */
  private final String name;

  private final List<String> enumValues;

  private ColumnType(
      Kind kind, int length, int precision, int scale, String name, List<String> enumValues) {
    this.kind = kind;
    this.length = length;
    this.precision = precision;
    this.scale = scale;
    this.name = name;
    this.enumValues = enumValues;
  }

  private static ColumnType of(Kind kind) {
    return new ColumnType(kind, 0, 0, 0, null, List.of());
  }

  public static ColumnType smallint() {
    return of(Kind.SMALLINT);
  }

  public static ColumnType integer() {
    return of(Kind.INTEGER);
  }

  public static ColumnType bigint() {
    return of(Kind.BIGINT);
  }

  public static ColumnType bool() {
    return of(Kind.BOOLEAN);
  }

  public static ColumnType text() {
    return of(Kind.TEXT);
  }

  /** {@code VARCHAR(length)}; SQLite does not enforce the length. */
  public static ColumnType varchar(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("length < 1: " + length);
    }
    return new ColumnType(Kind.VARCHAR, length, 0, 0, null, List.of());
  }

  /** {@code NUMERIC(precision, scale)}: exact decimals. */
  public static ColumnType numeric(int precision, int scale) {
    if (precision < 1 || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("not a numeric(" + precision + ", " + scale + ")");
    }
    return new ColumnType(Kind.NUMERIC, 0, precision, scale, null, List.of());
  }

  public static ColumnType real() {
    return of(Kind.REAL);
  }

  public static ColumnType doublePrecision() {
    return of(Kind.DOUBLE);
  }

  public static ColumnType date() {
    return of(Kind.DATE);
  }

  public static ColumnType time() {
    return of(Kind.TIME);
  }

  /** A timestamp without time zone: wall-clock time whose zone the application must know (UTC). */
  public static ColumnType timestamp() {
    return of(Kind.TIMESTAMP);
  }

  /** A timestamp with time zone: an instant. */
  public static ColumnType timestampWithTimeZone() {
    return of(Kind.TIMESTAMP_WITH_TIME_ZONE);
  }

  public static ColumnType uuid() {
    return of(Kind.UUID);
  }

  /** JSON: {@code JSONB} on PostgreSQL, text checked with {@code json_valid} on SQLite. */
  public static ColumnType json() {
    return of(Kind.JSON);
  }

  /** Binary data: {@code BYTEA} on PostgreSQL, {@code BLOB} on SQLite. */
  public static ColumnType bytes() {
    return of(Kind.BYTES);
  }

  /**
   * An enumeration with an explicit type name (seed 000: an enum without a name breaks SQLite and
   * leaks types on PostgreSQL). The values are a list, not varargs, so that leaving the name out,
   * {@code enumeration("run", "ride")}, does not compile. PostgreSQL gets {@code CREATE TYPE name
   * AS ENUM (...)}, created with the first table that uses it and dropped with the last; SQLite
   * gets a CHECK constraint named after the type.
   */
  public static ColumnType enumeration(String typeName, List<String> values) {
    Objects.requireNonNull(typeName, "typeName == null");
    if (!ENUM_NAME.matcher(typeName).matches()) {
      throw new IllegalArgumentException(
          "enum type name \"" + typeName + "\" is not a plain SQL name (letters, digits, _)");
    }
    List<String> copy = List.copyOf(values);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("enum " + typeName + " has no values");
    }
    if (copy.stream().distinct().count() != copy.size()) {
      throw new IllegalArgumentException("enum " + typeName + " repeats a value: " + copy);
    }
    return new ColumnType(Kind.ENUM, 0, 0, 0, typeName, copy);
  }

  /**
   * A type named verbatim, for matching an existing schema exactly: {@code named("DATETIME")} on
   * SQLite (NUMERIC affinity, as a table written by another tool declares it), {@code
   * named("CITEXT")} or a domain on PostgreSQL. Retort writes the name as given and knows nothing
   * else about the type: values are bound as the driver binds them, and a type change to or from it
   * follows the dialect's rule for any type. The name must be a type name, not SQL: words, quoted
   * names, dots, one argument list ({@code NUMERIC(10, 2)}) and array brackets.
   */
  public static ColumnType named(String typeName) {
    Objects.requireNonNull(typeName, "typeName == null");
    if (typeName.isBlank() || !VERBATIM.matcher(typeName).matches()) {
      throw new IllegalArgumentException("not a type name: \"" + typeName + "\"");
    }
    return new ColumnType(Kind.NAMED, 0, 0, 0, typeName.strip(), List.of());
  }

  public Kind kind() {
    return kind;
  }

  /** The length of a {@code VARCHAR}; 0 otherwise. */
  public int length() {
    return length;
  }

  /** The precision of a {@code NUMERIC}; 0 otherwise. */
  public int precision() {
    return precision;
  }

  /** The scale of a {@code NUMERIC}; 0 otherwise. */
  public int scale() {
    return scale;
  }

  /** The type name of an enumeration; null otherwise. */
  public String enumName() {
    return kind == Kind.ENUM ? name : null;
  }

  /** The verbatim name of a {@link #named named} type; null otherwise. */
  public String verbatimName() {
    return kind == Kind.NAMED ? name : null;
  }

  /** The values of an enumeration, in order; empty otherwise. */
  public List<String> enumValues() {
    return enumValues;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnType that
        && kind == that.kind
        && length == that.length
        && precision == that.precision
        && scale == that.scale
        && Objects.equals(name, that.name)
        && enumValues.equals(that.enumValues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, length, precision, scale, name, enumValues);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case VARCHAR -> "varchar(" + length + ")";
      case NUMERIC -> "numeric(" + precision + ", " + scale + ")";
      case ENUM -> "enum " + name + enumValues;
      case NAMED -> "type " + name;
      default -> kind.name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
