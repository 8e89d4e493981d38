package dev.retort.runtime.internal;

import dev.retort.runtime.ops.Operation;
import java.util.List;

/**
 * What an offline script knows of the target database's schema at its current point, built from the
 * revisions rendered so far: a scratch SQLite database, or a model of the PostgreSQL catalog. It
 * answers the catalog queries of the dialect, so that each operation is rendered by the same code
 * as online.
 */
interface OfflineDatabase extends AutoCloseable {

  /** Starts one revision; {@link #endRevision} keeps what it did, {@link #abandonRevision} not. */
  void beginRevision(String id, boolean transactional);

  void endRevision();

  void abandonRevision();

  /** Called before the dialect renders {@code operation}. */
  void beforeOperation(Operation operation);

  /** Called after the dialect rendered {@code operation}. */
  void afterOperation(Operation operation);

  /**
   * Takes one statement of the script. {@code raw} is true for SQL a revision wrote itself (op.
   * execute), whose effect on the schema only a real database can follow.
   */
  void execute(String sql, boolean raw);

  /** Answers one catalog query of the dialect. */
  List<String> query(String sql, Object... parameters);

  @Override
  void close();
}
