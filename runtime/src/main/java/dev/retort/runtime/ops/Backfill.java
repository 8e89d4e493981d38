package dev.retort.runtime.ops;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A resumable, chunked backfill for {@link Operations#backfill}: an UPDATE of a table, or a copy of
 * its rows into another, in chunks of rows ordered by a key, each chunk committed in its own
 * transaction together with a progress row. A run killed half-way resumes after the last committed
 * chunk; no row is done twice or skipped.
 *
 * <pre>{@code
 * op.backfill(
 *     Backfill.update("workout", "distance_m = distance_km * 1000")
 *         .key("id")
 *         .chunkSize(5_000)
 *         .pauseBetweenChunks(java.time.Duration.ofMillis(50)));
 * }</pre>
 *
 * <p>Chunks are found by keyset pagination ({@code WHERE key > last ORDER BY key LIMIT n}), never
 * by OFFSET, so each chunk costs the same however far the backfill has gone: give the key an index
 * (a primary key has one). A key is one or more columns of integer or text type whose values are
 * unique and not null; a key column the backfill changes would move rows between chunks, so the
 * update must not change it. Table, key and column names are quoted; values go in as bound {@code
 * ?} parameters; the SQL fragments ({@code set}, {@code where}, {@code select}) are written into
 * the statement as given, like {@link Operations#execute(String)}'s SQL.
 *
 * <p>Instances are immutable: each method returns a changed copy.
 */
public final class Backfill {
  /** The default number of rows per chunk. */
  public static final int DEFAULT_CHUNK_SIZE = 1_000;

  /** How often a running backfill logs its progress by default. */
  public static final Duration DEFAULT_LOG_EVERY = Duration.ofSeconds(10);

  /** What a chunk does. */
  public enum Kind {
    /** {@code UPDATE table SET ... WHERE <chunk>}. */
    UPDATE,
    /** {@code INSERT INTO target (columns) SELECT ... FROM table WHERE <chunk>}. */
    COPY
  }

  private final Kind kind;
  private final String table;
  private final String target;
  private final List<String> columns;
  private final String sql;
  private final List<Object> parameters;
  private final String where;
  private final List<Object> whereParameters;
  private final List<String> keys;
  private final int chunkSize;
  private final Duration pause;
  private final long maxRowsPerSecond;
  private final Duration logEvery;
  private final String name;

  private Backfill(
      Kind kind,
      String table,
      String target,
      List<String> columns,
      String sql,
      List<Object> parameters,
      String where,
      List<Object> whereParameters,
      List<String> keys,
      int chunkSize,
      Duration pause,
      long maxRowsPerSecond,
      Duration logEvery,
      String name) {
    this.kind = kind;
    this.table = table;
    this.target = target;
    this.columns = columns;
    this.sql = sql;
    this.parameters = parameters;
    this.where = where;
    this.whereParameters = whereParameters;
    this.keys = keys;
    this.chunkSize = chunkSize;
    this.pause = pause;
    this.maxRowsPerSecond = maxRowsPerSecond;
    this.logEvery = logEvery;
    this.name = name;
  }

  /**
   * Updates {@code table} chunk by chunk: {@code UPDATE table SET <set> WHERE <chunk>}, with {@code
   * set} the assignments as written after SET ({@code "distance_m = distance_km * 1000"}) and
   * {@code parameters} bound, in order, to its {@code ?} placeholders.
   */
  public static Backfill update(String table, String set, Object... parameters) {
    requireName(table, "table");
    Objects.requireNonNull(set, "set == null");
    if (set.isBlank()) {
      throw new IllegalArgumentException("set is empty");
    }
    return new Backfill(
        Kind.UPDATE,
        table,
        null,
        List.of(),
        set,
        parameters(parameters),
        null,
        List.of(),
        List.of(),
        DEFAULT_CHUNK_SIZE,
        Duration.ZERO,
        0,
        DEFAULT_LOG_EVERY,
        null);
  }

  /**
   * Copies the rows of {@code from} into {@code to} chunk by chunk: {@code INSERT INTO to (columns)
   * SELECT columns FROM from WHERE <chunk>}. {@link #select} replaces the selected columns with
   * expressions.
   */
  public static Backfill copy(String from, String to, String... columns) {
    requireName(from, "from");
    requireName(to, "to");
    if (columns.length == 0) {
      throw new IllegalArgumentException("no columns to copy from " + from + " to " + to);
    }
    List<String> names = List.of(columns);
    names.forEach(c -> requireName(c, "column"));
    return new Backfill(
        Kind.COPY,
        from,
        to,
        names,
        null,
        List.of(),
        null,
        List.of(),
        List.of(),
        DEFAULT_CHUNK_SIZE,
        Duration.ZERO,
        0,
        DEFAULT_LOG_EVERY,
        null);
  }

  /**
   * For a {@link #copy}, the expressions to select from the source table, one per target column,
   * as written after SELECT ({@code "id, upper(name), distance_km * 1000"}); {@code parameters} are
   * bound to its {@code ?} placeholders.
   */
  public Backfill select(String expressions, Object... parameters) {
    if (kind != Kind.COPY) {
      throw new IllegalStateException("select(...) is for Backfill.copy; an update has set(...)");
    }
    Objects.requireNonNull(expressions, "expressions == null");
    return new Backfill(
        kind, table, target, columns, expressions, parameters(parameters), where, whereParameters,
        keys, chunkSize, pause, maxRowsPerSecond, logEvery, name);
  }

  /**
   * Limits the backfill to the rows of the table that match {@code condition} (SQL as written after
   * WHERE), with {@code parameters} bound to its {@code ?} placeholders. Chunks hold matching rows
   * only, so a sparse backfill does not spend its chunks on rows it leaves alone.
   */
  public Backfill where(String condition, Object... parameters) {
    Objects.requireNonNull(condition, "condition == null");
    return new Backfill(
        kind, table, target, columns, sql, this.parameters, condition, parameters(parameters), keys,
        chunkSize, pause, maxRowsPerSecond, logEvery, name);
  }

  /**
   * The key that orders the rows and splits them into chunks: one or more columns of the (source)
   * table, of integer or text type, unique and not null together. Required.
   */
  public Backfill key(String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("key() needs at least one column");
    }
    List<String> names = List.of(columns);
    names.forEach(c -> requireName(c, "key column"));
    return new Backfill(
        kind, table, target, this.columns, sql, parameters, where, whereParameters, names,
        chunkSize, pause, maxRowsPerSecond, logEvery, name);
  }

  /** Rows per chunk (per transaction); {@value #DEFAULT_CHUNK_SIZE} unless set. */
  public Backfill chunkSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("chunkSize " + rows + " is not positive");
    }
    return new Backfill(
        kind, table, target, columns, sql, parameters, where, whereParameters, keys, rows, pause,
        maxRowsPerSecond, logEvery, name);
  }

  /** A pause after each chunk, to leave the database to the application; none unless set. */
  public Backfill pauseBetweenChunks(Duration pause) {
    Objects.requireNonNull(pause, "pause == null");
    if (pause.isNegative()) {
      throw new IllegalArgumentException("pause " + pause + " is negative");
    }
    return new Backfill(
        kind, table, target, columns, sql, parameters, where, whereParameters, keys, chunkSize,
        pause, maxRowsPerSecond, logEvery, name);
  }

  /**
   * The most rows a second the backfill may change, averaged over the run: after a chunk that puts
   * it ahead, it sleeps until it is back at this rate. 0, the default, sets no limit.
   */
  public Backfill maxRowsPerSecond(long rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("maxRowsPerSecond " + rows + " is negative");
    }
    return new Backfill(
        kind, table, target, columns, sql, parameters, where, whereParameters, keys, chunkSize,
        pause, rows, logEvery, name);
  }

  /**
   * How often the backfill logs a progress line (rows done, rate, last key) at INFO; every chunk
   * when zero; {@link #DEFAULT_LOG_EVERY} unless set.
   */
  public Backfill logEvery(Duration interval) {
    Objects.requireNonNull(interval, "interval == null");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("logEvery " + interval + " is negative");
    }
    return new Backfill(
        kind, table, target, columns, sql, parameters, where, whereParameters, keys, chunkSize,
        pause, maxRowsPerSecond, interval, name);
  }

  /**
   * The name the progress row is kept under, unique within the revision: {@code "update <table>"}
   * or {@code "copy <from> to <to>"} unless set. Needed only when a revision runs two backfills of
   * the same kind on the same table.
   */
  public Backfill named(String name) {
    Objects.requireNonNull(name, "name == null");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a backfill name has 1 to 200 characters: \"" + name + "\"");
    }
    return new Backfill(
        kind, table, target, columns, sql, parameters, where, whereParameters, keys, chunkSize,
        pause, maxRowsPerSecond, logEvery, name);
  }

  public Kind kind() {
    return kind;
  }

  /** The table updated, or for a copy the table read. */
  public String table() {
    return table;
  }

  /** For a copy, the table written; null for an update. */
  public String target() {
    return target;
  }

  /** For a copy, the target's columns; empty for an update. */
  public List<String> columns() {
    return columns;
  }

  /** An update's assignments, a copy's select expressions (null: the columns themselves). */
  public String sql() {
    return sql;
  }

  /** The parameters of {@link #sql()}. */
  public List<Object> parameters() {
    return parameters;
  }

  /** The row filter, or null. */
  public String where() {
    return where;
  }

  public List<Object> whereParameters() {
    return whereParameters;
  }

  public List<String> keys() {
    return keys;
  }

  public int chunkSize() {
    return chunkSize;
  }

  public Duration pause() {
    return pause;
  }

  public long maxRowsPerSecond() {
    return maxRowsPerSecond;
  }

  public Duration logEvery() {
    return logEvery;
  }

  /** The progress row's name: as set by {@link #named}, or derived from the kind and tables. */
  public String name() {
    if (name != null) {
      return name;
    }
    return kind == Kind.UPDATE ? "update " + table : "copy " + table + " to " + target;
  }

  @Override
  public String toString() {
    return "Backfill[" + name() + ", key " + keys + ", chunks of " + chunkSize + "]";
  }

  private static List<Object> parameters(Object[] parameters) {
    // Arrays.asList, not List.of: a parameter may be null.
    return java.util.Collections.unmodifiableList(Arrays.asList(parameters.clone()));
  }

  private static void requireName(String name, String what) {
    Objects.requireNonNull(name, what + " == null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
  }
}
