package dev.retort.benchmarks.child;

/**
 * The benchmark's history, shared by every tool: revision {@code i} (1-based) creates table
 * {@code t<i>} with the same DDL text everywhere, and has a fixed Alembic-style id.
 */
public final class Schema {
  /** The package of the generated revision classes and of their {@code RetortRegistry}. */
  public static final String REVISIONS_PACKAGE = "bench.revisions";

  /** The plain-JDBC floor's version table: Retort's layout under another name. */
  public static final String FLOOR_VERSION_TABLE = "floor_version";

  private Schema() {}

  /** The DDL of revision {@code i}, without a terminating semicolon. */
  public static String ddl(int i) {
    return "CREATE TABLE t" + i + " (id INTEGER PRIMARY KEY, name VARCHAR(100) NOT NULL)";
  }

  /**
   * Revision {@code i}'s id: 12 hex digits, as Alembic makes them, from a bijective mix of
   * {@code i}, so ids are unique and carry no order.
   */
  public static String id(int i) {
    long x = i * 0x9E3779B97F4A7C15L;
    x ^= x >>> 29;
    x *= 0xBF58476D1CE4E5B9L;
    x ^= x >>> 32;
    // The low 48 bits of a bijection on longs are not unique in general; Workload checks them.
    // Twelve hex digits with leading zeros, without String.format: the floor calls this twice a
    // revision inside its timed loop, and a cold Formatter cost it about 0.3 ms of CPU and 19 MiB
    // of peak RSS per 1,000 revisions that no tool pays (issue 15).
    return Long.toHexString((x & 0xFFFF_FFFF_FFFFL) | (1L << 48)).substring(1);
  }

  /** The simple name of revision {@code i}'s class. */
  public static String className(int i) {
    return String.format("Rev%05d", i);
  }
}
