package dev.retort.runtime.dialect;

import java.util.List;

/**
 * Where a dialect sends the statements of an operation, inside the revision's transaction. The
 * queries let a dialect look at the catalog, for what SQL alone cannot express (on PostgreSQL:
 * whether an enum type exists, and whether any column still uses it).
 */
public interface SqlRunner {

  /** Runs one statement. */
  void execute(String sql);

  /** Runs a query with bound parameters; returns its first column as strings, in order. */
  List<String> query(String sql, Object... parameters);
}
