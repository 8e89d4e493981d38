package dev.retort.runtime.dialect;

import dev.retort.runtime.schema.Schema;
import java.sql.SQLException;

/**
 * Schemas remembered by name inside one database session as the text they are a function of, so
 * that comparing the schema now with one remembered costs one query whatever their size, and
 * nothing crosses the connection unless they differ. What {@link
 * dev.retort.runtime.schema.SchemaMarks} uses where the database offers it (SQLite); not API.
 */
public interface SchemaPrints extends AutoCloseable {
  /** Remembers the schema as it now is under {@code name}, replacing what that name held. */
  void keep(String name) throws SQLException;

  /** True when the schema now has the text remembered under {@code name}. */
  boolean matches(String name) throws SQLException;

  /** The schema remembered under {@code name}, rebuilt from its text. */
  Schema kept(String name) throws SQLException;

  /** Remembers under {@code to} what {@code from} holds. */
  void copy(String from, String to) throws SQLException;

  /** Forgets every name. */
  @Override
  void close() throws SQLException;
}
