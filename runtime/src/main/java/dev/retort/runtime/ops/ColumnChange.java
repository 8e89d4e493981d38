package dev.retort.runtime.ops;

import java.util.Objects;

/**
 * What {@code alterColumn} changes about a column: any of its type, nullability, server default,
 * name and comment; what is not set stays as it is. Immutable.
 *
 * <pre>{@code
 * ColumnChange.of().type(ColumnType.varchar(64)).notNull()
 * ColumnChange.of().renameTo("sport")
 * ColumnChange.of().dropServerDefault()
 * }</pre>
 */
public final class ColumnChange {
  private final ColumnType type;
  private final Boolean nullable;
  private final ServerDefault serverDefault;
  private final boolean dropServerDefault;
  private final String newName;
  private final String comment;
  private final String using;

  private ColumnChange(
      ColumnType type,
      Boolean nullable,
      ServerDefault serverDefault,
      boolean dropServerDefault,
      String newName,
      String comment,
      String using) {
    this.type = type;
    this.nullable = nullable;
    this.serverDefault = serverDefault;
    this.dropServerDefault = dropServerDefault;
    this.newName = newName;
    this.comment = comment;
    this.using = using;
  }

  /** A change that changes nothing yet. */
  public static ColumnChange of() {
    return new ColumnChange(null, null, null, false, null, null, null);
  }

  /**
   * A copy that changes the type. Existing values are converted by one rule per database, unless
   * {@link #using} gives the conversion:
   *
   * <ul>
   *   <li>PostgreSQL: {@code ALTER COLUMN ... TYPE t USING column::t} ({@code column::text::t} for
   *       an enum); a value that does not convert fails the revision.
   *   <li>SQLite (in a batch): the rows are copied unchanged when the column's affinity stays the
   *       same ({@code VARCHAR} to {@code TEXT}, {@code DATETIME} to {@code TIMESTAMP}), since a
   *       CAST there can only lose: {@code CAST('2012-05-18 15:32:05' AS DATETIME)} is 2012. When
   *       the affinity changes, each value is copied as {@code CAST(column AS t)}; a value the CAST
   *       would change ({@code 'abc'} to {@code 0}, {@code 3.7} to {@code 3}, a date to its year)
   *       fails the revision before anything changes, naming it. A new BLOB affinity copies the
   *       values unchanged.
   * </ul>
   */
  public ColumnChange type(ColumnType type) {
    return new ColumnChange(
        Objects.requireNonNull(type, "type == null"),
        nullable,
        serverDefault,
        dropServerDefault,
        newName,
        comment,
        using);
  }

  /**
   * A copy that converts the existing values with {@code expression}, SQL text used as written,
   * instead of the database's rule (see {@link #type}): {@code USING expression} on PostgreSQL, the
   * expression in the copy's SELECT on SQLite. It names columns as they are before the batch (keep
   * a rename of a column it names for a later batch), and must give a value of the new type on
   * PostgreSQL. {@code using("created_at")} on SQLite copies the values as they are.
   *
   * <pre>{@code
   * ColumnChange.of().type(ColumnType.integer()).using("CAST(round(score) AS INTEGER)")
   * }</pre>
   *
   * @throws IllegalStateException when no {@link #type} was set first
   */
  public ColumnChange using(String expression) {
    Objects.requireNonNull(expression, "expression == null");
    if (type == null) {
      throw new IllegalStateException("using(...) converts to a new type: call type(...) first");
    }
    return new ColumnChange(
        type, nullable, serverDefault, dropServerDefault, newName, comment, expression);
  }

  /** The conversion expression of a type change, or null for the database's rule. */
  public String using() {
    return using;
  }

  /** A copy that makes the column refuse NULL; existing NULLs make the change fail. */
  public ColumnChange notNull() {
    return new ColumnChange(type, false, serverDefault, dropServerDefault, newName, comment, using);
  }

  /** A copy that makes the column accept NULL. */
  public ColumnChange nullable() {
    return new ColumnChange(type, true, serverDefault, dropServerDefault, newName, comment, using);
  }

  public ColumnChange serverDefault(ServerDefault serverDefault) {
    return new ColumnChange(
        type,
        nullable,
        Objects.requireNonNull(serverDefault, "serverDefault == null"),
        false,
        newName,
        comment,
        using);
  }

  public ColumnChange dropServerDefault() {
    return new ColumnChange(type, nullable, null, true, newName, comment, using);
  }

  public ColumnChange renameTo(String newName) {
    return new ColumnChange(
        type,
        nullable,
        serverDefault,
        dropServerDefault,
        Names.require(newName, "column name"),
        comment,
        using);
  }

  /** A copy that sets the comment (PostgreSQL; SQLite keeps no comments). */
  public ColumnChange comment(String comment) {
    return new ColumnChange(
        type,
        nullable,
        serverDefault,
        dropServerDefault,
        newName,
        Objects.requireNonNull(comment, "comment == null"),
        using);
  }

  /** The new type, or null to keep it. */
  public ColumnType type() {
    return type;
  }

  /** The new nullability, or null to keep it. */
  public Boolean isNullable() {
    return nullable;
  }

  /** The new server default, or null to keep it (see {@link #dropsServerDefault()}). */
  public ServerDefault serverDefault() {
    return serverDefault;
  }

  public boolean dropsServerDefault() {
    return dropServerDefault;
  }

  /** The new name, or null to keep it. */
  public String newName() {
    return newName;
  }

  /** The new comment, or null to keep it. */
  public String comment() {
    return comment;
  }

  /** True when this changes only nullability: SQLite 3.53 and later can do that natively. */
  public boolean isNullabilityOnly() {
    return nullable != null
        && type == null
        && serverDefault == null
        && !dropServerDefault
        && newName == null
        && comment == null;
  }

  /** True when this changes only the name: SQLite can do that natively. */
  public boolean isRenameOnly() {
    return newName != null
        && type == null
        && nullable == null
        && serverDefault == null
        && !dropServerDefault
        && comment == null;
  }
}
