package dev.retort.runtime.internal;

import dev.retort.runtime.DriftReport;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * The drift check: replays the revisions the live database has applied into a scratch database of
 * the same kind, reads both schemas and compares them. The live database is only read: on SQLite
 * the scratch is a temporary file; on PostgreSQL a schema {@code retort_scratch_<pid>_<millis>} on
 * the same database, created for the check and dropped after it, so that one left by a crash is
 * recognisable and safe to drop.
 */
public final class DriftCheck {
  /** The prefix of every scratch schema and file, so that a leftover is easy to recognise. */
  public static final String SCRATCH_PREFIX = Scratch.PREFIX;

  private static final System.Logger LOG = System.getLogger("dev.retort");

  private DriftCheck() {}

  public static DriftReport run(
      DataSource dataSource,
      DataSource scratchDataSource,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      List<String> ownTables,
      Duration lockTimeout,
      Dialect configured) {
    if (dataSource == null) {
      throw new RetortException(Messages.noDataSource());
    }
    List<String> rows;
    Schema live;
    List<String> invalidIndexes;
    Dialect dialect;
    String liveIdentity = null;
    try (Session session = Session.open(dataSource, configured, versionTable, historyTable)) {
      dialect = session.dialect;
      rows = session.store.read();
      // Fails on ids this build lacks, before anything is created.
      AppliedState.of(RevisionGraph.of(registry), rows, versionTable);
      live = dialect.readSchema(session.connection, ownTables);
      invalidIndexes = invalidIndexes(session);
      if (scratchDataSource != null && dialect instanceof PostgresDialect postgres) {
        liveIdentity = identity(session.connection, postgres);
      }
    } catch (SQLException e) {
      throw new RetortException(
          "the drift check could not read the live database (version table "
              + versionTable
              + "): "
              + e.getMessage(),
          e);
    }
    Scratch scratch;
    if (scratchDataSource != null) {
      if (!(dialect instanceof PostgresDialect postgres)) {
        throw new RetortException(Messages.scratchDataSourceNotPostgres(dialect));
      }
      String database = Session.describe(scratchDataSource);
      checkScratchDatabase(scratchDataSource, database, postgres, liveIdentity);
      String where = " in the scratch database " + database;
      scratch = Scratch.createIn(postgres, scratchDataSource, "the drift check", where);
    } else {
      scratch = Scratch.create(dialect, dataSource, "the drift check");
    }
    // The replay logs its revisions as an upgrade does; say first where they run.
    LOG.log(
        System.Logger.Level.INFO,
        "drift check: replaying {0} into {1}; the live database is only read",
        Messages.rows(rows),
        scratch.description);
    Schema expected;
    try {
      Migrator replay =
          new Migrator(
              scratch.dataSource, registry, versionTable, historyTable, lockTimeout, dialect);
      for (String row : rows) {
        replay.upgrade(row, dev.retort.runtime.MigrationListener.NONE);
      }
      try (Connection connection = scratch.dataSource.getConnection()) {
        expected = dialect.readSchema(connection, ownTables);
      }
    } catch (SQLException | RuntimeException e) {
      RetortException failure =
          new RetortException(
              "the drift check could not replay the revisions up to "
                  + Messages.rows(rows)
                  + " into "
                  + scratch.description
                  + ": "
                  + e.getMessage()
                  + "\n  the live database was not changed. A revision that names a schema,"
                  + " creates an extension or role, or reads rows the database holds cannot be"
                  + " replayed into an empty scratch; see the README's drift check section",
              e);
      scratch.drop(failure);
      throw failure;
    }
    scratch.drop(null);
    return new DriftReport(
        rows,
        scratch.description,
        SchemaDiff.between(expected, "the revisions", live, "the database"),
        invalidIndexes);
  }

  /** One line per invalid index of the live database, with the fix; none on SQLite. */
  private static List<String> invalidIndexes(Session session) throws SQLException {
    String sql = session.dialect.selectInvalidIndexes();
    if (sql.isEmpty()) {
      return List.of();
    }
    List<String> found = new java.util.ArrayList<>();
    try (java.sql.Statement statement = session.connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        found.add(Messages.invalidIndex(rows.getString(1), rows.getString(2)));
      }
    }
    return found;
  }

  /** Which server and database {@code connection} reaches; see {@link PostgresDialect}. */
  private static String identity(Connection connection, PostgresDialect dialect)
      throws SQLException {
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet row = statement.executeQuery(dialect.selectDatabaseIdentity())) {
      row.next();
      return row.getString(1);
    }
  }

  /**
   * Refuses a scratch data source that reaches the live database, or whose current schema holds
   * anything: the check must never replay into, or clean up, what a user keeps there.
   */
  private static void checkScratchDatabase(
      DataSource scratch, String database, PostgresDialect dialect, String liveIdentity) {
    Schema held;
    try (Connection connection = scratch.getConnection()) {
      if (identity(connection, dialect).equals(liveIdentity)) {
        throw new RetortException(Messages.scratchIsLive(database));
      }
      held = dialect.readSchema(connection, List.of());
    } catch (SQLException e) {
      throw new RetortException(
          "the drift check could not connect to its scratch database "
              + database
              + ": "
              + Messages.databaseSaid(e)
              + "\n  check the scratch URL, its user and password",
          e);
    }
    if (!held.isEmpty()) {
      throw new RetortException(Messages.scratchNotEmpty(database, held));
    }
  }
}
