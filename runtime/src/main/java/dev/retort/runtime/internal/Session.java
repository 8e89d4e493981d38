package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.history.BackfillStore;
import dev.retort.runtime.history.HistoryStore;
import dev.retort.runtime.history.VersionStore;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One command's connection with its version and history stores, in auto-commit mode for its reads,
 * handed back as it was found. A pool configured with auto-commit off would otherwise wrap the
 * version-table read in a transaction that a missing table aborts on PostgreSQL.
 */
final class Session implements AutoCloseable {
  final Connection connection;
  final Dialect dialect;
  final VersionStore store;
  final HistoryStore history;
  private final boolean restoreAutoCommitOff;
  private BackfillStore backfills;

  private Session(
      Connection connection,
      Dialect dialect,
      String versionTable,
      String historyTable,
      boolean restore) {
    this.connection = connection;
    this.dialect = dialect;
    this.history = new HistoryStore(dialect, connection, historyTable);
    this.store = new VersionStore(dialect, connection, versionTable, history);
    this.restoreAutoCommitOff = restore;
  }

  static Session open(
      DataSource dataSource, Dialect configured, String versionTable, String historyTable)
      throws SQLException {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw new RetortException(
          "could not open a connection to "
              + describe(dataSource)
              + ": "
              + Messages.databaseSaid(e)
              + "\n  check the URL, the user and password, and that the database is running and"
              + " reachable from here",
          e);
    }
    try {
      Dialect dialect = configured != null ? configured : Dialect.detect(connection);
      boolean autoCommitWasOff = !connection.getAutoCommit();
      if (autoCommitWasOff) {
        connection.setAutoCommit(true);
      }
      return new Session(connection, dialect, versionTable, historyTable, autoCommitWasOff);
    } catch (SQLException | RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * The backfill progress table beside the version table; made on first use, as few commands need
   * it.
   */
  BackfillStore backfills() {
    if (backfills == null) {
      backfills = new BackfillStore(dialect, connection, BackfillStore.tableFor(store.table()));
    }
    return backfills;
  }

  /** The data source for messages: its URL when Retort opened it, with any password masked. */
  static String describe(DataSource dataSource) {
    return dataSource instanceof DriverManagerDataSource own
        ? JdbcUrls.mask(own.url())
        : "the data source " + JdbcUrls.mask(String.valueOf(dataSource));
  }

  /** The connected database's URL for messages, with any password masked. */
  String database() {
    try {
      return JdbcUrls.mask(connection.getMetaData().getURL());
    } catch (SQLException | RuntimeException e) {
      return "(URL unknown: " + e.getMessage() + ")";
    }
  }

  /**
   * Creates the version and history tables if they are missing; inside the caller's transaction.
   */
  void createTables() throws SQLException {
    try {
      store.create();
      history.create();
    } catch (SQLException e) {
      if (store.table().indexOf('.') >= 0 && dialect.isUnknownSchema(e)) {
        throw new RetortException(Messages.unknownSchema(dialect, store.table()), e);
      }
      throw e;
    }
  }

  @Override
  public void close() throws SQLException {
    try (connection;
        history;
        store) {
      if (restoreAutoCommitOff && !connection.isClosed()) {
        connection.setAutoCommit(false);
      }
    }
  }
}
