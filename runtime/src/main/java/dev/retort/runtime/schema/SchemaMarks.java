package dev.retort.runtime.schema;

import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.SchemaPrints;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Schemas of one connection's database remembered by name, for a caller that compares the schema
 * with earlier ones many times, as the test kit's stairway does after every command. Where the
 * cost of a comparison matters it is the size of the schema, not the number of comparisons:
 *
 * <ul>
 *   <li>On SQLite a mark is the stored CREATE text of every object, kept in an in-memory database
 *       attached to the connection as {@code retort_schema_marks} (never in the schema itself; so
 *       open the marks outside a transaction, where SQLite allows ATTACH) and compared there by
 *       SQLite in one query, so an unchanged schema costs no read and nothing crosses the
 *       connection. Only when the texts differ are the two schemas read (the marked one rebuilt
 *       from its text in an in-memory database) and compared as {@link SchemaDiff} does.
 *   <li>On PostgreSQL the catalogue offers no such text for less than a read costs (a digest of
 *       everything {@link Schema#read} looks at would cost about as much, and one that left a part
 *       out would call two different schemas equal), so a mark is a read schema and a comparison
 *       reads the schema.
 * </ul>
 *
 * <p>Use it on one connection, from one thread, and close it before the connection.
 */
public final class SchemaMarks implements AutoCloseable {
  private final Connection connection;
  private final List<String> excludedTables;
  private final SchemaPrints prints; // null where the database has none
  private final Map<String, Schema> read = new HashMap<>(); // the marks where it has none

  private SchemaMarks(Connection connection, List<String> excludedTables, SchemaPrints prints) {
    this.connection = connection;
    this.excludedTables = excludedTables;
    this.prints = prints;
  }

  /**
   * Marks on {@code connection}, leaving out the tables named in {@code excludedTables}
   * (case-insensitive) as {@link Schema#read} does.
   */
  public static SchemaMarks on(Connection connection, Collection<String> excludedTables)
      throws SQLException {
    Objects.requireNonNull(connection, "connection == null");
    List<String> excluded = List.copyOf(excludedTables);
    return new SchemaMarks(
        connection, excluded, Dialect.detect(connection).schemaPrints(connection, excluded));
  }

  /** Remembers the schema as it now is under {@code name}, replacing what the name held. */
  public void mark(String name) throws SQLException {
    if (prints != null) {
      prints.keep(name);
    } else {
      read.put(name, now());
    }
  }

  /**
   * How the schema now differs from the one marked {@code name}: empty when it does not, also when
   * only the spelling of a CREATE text differs, in which case the mark now holds the new spelling.
   *
   * @param markedLabel what the diff calls the marked schema ("the schema before")
   * @param nowLabel what the diff calls the schema now
   */
  public SchemaDiff compare(String name, String markedLabel, String nowLabel)
      throws SQLException {
    if (prints != null && prints.matches(name)) {
      return new SchemaDiff(markedLabel, nowLabel, List.of());
    }
    Schema marked = marked(name);
    Schema now = now();
    if (!marked.equals(now)) {
      SchemaDiff diff = SchemaDiff.between(marked, markedLabel, now, nowLabel);
      if (!diff.isEmpty()) {
        return diff;
      }
    }
    if (prints != null) {
      prints.keep(name);
    } else {
      read.put(name, now);
    }
    return new SchemaDiff(markedLabel, nowLabel, List.of());
  }

  /** The schema marked {@code name}. */
  public Schema marked(String name) throws SQLException {
    if (prints != null) {
      return prints.kept(name);
    }
    Schema schema = read.get(name);
    if (schema == null) {
      throw new IllegalArgumentException("no schema is marked " + name);
    }
    return schema;
  }

  /** Marks {@code to} with what {@code from} is marked with. */
  public void copy(String from, String to) throws SQLException {
    if (prints != null) {
      prints.copy(from, to);
    } else {
      read.put(to, marked(from));
    }
  }

  /** Forgets every mark; the connection stays open. */
  @Override
  public void close() throws SQLException {
    read.clear();
    if (prints != null) {
      prints.close();
    }
  }

  private Schema now() throws SQLException {
    return Schema.read(connection, excludedTables);
  }
}
