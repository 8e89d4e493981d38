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

  private ColumnChange(
      ColumnType type,
      Boolean nullable,
      ServerDefault serverDefault,
      boolean dropServerDefault,
      String newName,
      String comment) {
    this.type = type;
    this.nullable = nullable;
    this.serverDefault = serverDefault;
    this.dropServerDefault = dropServerDefault;
    this.newName = newName;
    this.comment = comment;
  }

  /** A change that changes nothing yet. */
  public static ColumnChange of() {
    return new ColumnChange(null, null, null, false, null, null);
  }

  /** A copy that changes the type; existing values are converted by the database's cast. */
  public ColumnChange type(ColumnType type) {
    return new ColumnChange(
        Objects.requireNonNull(type, "type == null"),
        nullable,
        serverDefault,
        dropServerDefault,
        newName,
        comment);
  }

  /** A copy that makes the column refuse NULL; existing NULLs make the change fail. */
  public ColumnChange notNull() {
    return new ColumnChange(type, false, serverDefault, dropServerDefault, newName, comment);
  }

  /** A copy that makes the column accept NULL. */
  public ColumnChange nullable() {
    return new ColumnChange(type, true, serverDefault, dropServerDefault, newName, comment);
  }

  public ColumnChange serverDefault(ServerDefault serverDefault) {
    return new ColumnChange(
        type,
        nullable,
        Objects.requireNonNull(serverDefault, "serverDefault == null"),
        false,
        newName,
        comment);
  }

  public ColumnChange dropServerDefault() {
    return new ColumnChange(type, nullable, null, true, newName, comment);
  }

  public ColumnChange renameTo(String newName) {
    return new ColumnChange(
        type,
        nullable,
        serverDefault,
        dropServerDefault,
        Names.require(newName, "column name"),
        comment);
  }

  /** A copy that sets the comment (PostgreSQL; SQLite keeps no comments). */
  public ColumnChange comment(String comment) {
    return new ColumnChange(
        type,
        nullable,
        serverDefault,
        dropServerDefault,
        newName,
        Objects.requireNonNull(comment, "comment == null"));
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
