package dev.retort.runtime.ops;

import java.util.List;
import java.util.Objects;

/**
 * An index to create. Immutable.
 *
 * <pre>{@code
 * Index.named("ix_workout_started").on("workout", "athlete_id", "started_at")
 * Index.named("uq_athlete_email").on("athlete", "email").unique().where("deleted_at IS NULL")
 * Index.named("ix_athlete_lower_name").onExpressions("athlete", "lower(name)")
 * Index.named("ix_workout_athlete").on("workout", "athlete_id").concurrently()
 * }</pre>
 */
public final class Index {
  private final String name;
  private final String table;
  private final List<String> columns;
  private final List<String> expressions;
  private final boolean unique;
  private final String where;
  private final boolean concurrent;

  private Index(
      String name,
      String table,
      List<String> columns,
      List<String> expressions,
      boolean unique,
      String where,
      boolean concurrent) {
    this.name = name;
    this.table = table;
    this.columns = columns;
    this.expressions = expressions;
    this.unique = unique;
    this.where = where;
    this.concurrent = concurrent;
  }

  /** Starts an index; finish it with {@link Builder#on} or {@link Builder#onExpressions}. */
  public static Builder named(String name) {
    return new Builder(Names.require(name, "index name"));
  }

  /** An index waiting for its table. */
  public static final class Builder {
    private final String name;

    private Builder(String name) {
      this.name = name;
    }

    /** An index over columns, quoted by the dialect. */
    public Index on(String table, String... columns) {
      return new Index(
          name,
          Names.require(table, "table name"),
          Names.requireAll(List.of(columns), "column name"),
          List.of(),
          false,
          null,
          false);
    }

    /** An index over SQL expressions, used as written. */
    public Index onExpressions(String table, String... expressions) {
      if (expressions.length == 0) {
        throw new IllegalArgumentException("no expressions");
      }
      return new Index(
          name,
          Names.require(table, "table name"),
          List.of(),
          List.of(expressions),
          false,
          null,
          false);
    }
  }

  /** A copy that is a unique index. */
  public Index unique() {
    return new Index(name, table, columns, expressions, true, where, concurrent);
  }

  /** A copy that is a partial index over the rows matching {@code predicate} (SQL text). */
  public Index where(String predicate) {
    return new Index(
        name,
        table,
        columns,
        expressions,
        unique,
        Objects.requireNonNull(predicate, "predicate == null"),
        concurrent);
  }

  /**
   * A copy built without blocking writes: {@code CREATE INDEX CONCURRENTLY} on PostgreSQL, which
   * takes a SHARE UPDATE EXCLUSIVE lock (reads and writes go on) instead of the SHARE lock that
   * blocks every write for the whole build. PostgreSQL refuses it inside a transaction, so the
   * revision must say {@code @Revision(..., transactional = false)}; Retort refuses it in a
   * transactional revision on both databases, before sending anything.
   *
   * <p>SQLite has no concurrent build: there the index is built as usual, under the database's
   * write lock (readers of a WAL database go on), so one revision serves both databases.
   *
   * <pre>{@code
   * op.createIndex(Index.named("ix_workout_started").on("workout", "started_at").concurrently());
   * }</pre>
   */
  public Index concurrently() {
    return new Index(name, table, columns, expressions, unique, where, true);
  }

  public String name() {
    return name;
  }

  public String table() {
    return table;
  }

  /** The indexed columns; empty for an expression index. */
  public List<String> columns() {
    return columns;
  }

  /** The indexed expressions; empty for a column index. */
  public List<String> expressions() {
    return expressions;
  }

  public boolean isUnique() {
    return unique;
  }

  /** True when built with {@link #concurrently()}. */
  public boolean isConcurrent() {
    return concurrent;
  }

  /** The partial-index predicate, or null. */
  public String where() {
    return where;
  }
}
