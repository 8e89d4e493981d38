package dev.retort.runtime.internal;

import dev.retort.runtime.DriftReport;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
  public static final String SCRATCH_PREFIX = "retort_scratch_";

  private static final System.Logger LOG = System.getLogger("dev.retort");

  private DriftCheck() {}

  public static DriftReport run(
      DataSource dataSource,
      DataSource scratchDataSource,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      Duration lockTimeout,
      Dialect configured) {
    if (dataSource == null) {
      throw new RetortException(Messages.noDataSource());
    }
    List<String> rows;
    Schema live;
    Dialect dialect;
    String liveIdentity = null;
    List<String> bookkeeping = List.of(versionTable, historyTable);
    try (Session session = Session.open(dataSource, configured, versionTable, historyTable)) {
      dialect = session.dialect;
      rows = session.store.read();
      // Fails on ids this build lacks, before anything is created.
      AppliedState.of(RevisionGraph.of(registry), rows, versionTable);
      live = dialect.readSchema(session.connection, bookkeeping);
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
    String name = SCRATCH_PREFIX + ProcessHandle.current().pid() + "_" + System.currentTimeMillis();
    Scratch scratch;
    if (scratchDataSource != null) {
      if (!(dialect instanceof PostgresDialect postgres)) {
        throw new RetortException(Messages.scratchDataSourceNotPostgres(dialect));
      }
      String database = Session.describe(scratchDataSource);
      checkScratchDatabase(scratchDataSource, database, postgres, liveIdentity);
      scratch =
          Scratch.schema(scratchDataSource, postgres, name, " in the scratch database " + database);
    } else {
      scratch =
          dialect instanceof PostgresDialect postgres
              ? Scratch.schema(dataSource, postgres, name, "")
              : Scratch.file(name);
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
        expected = dialect.readSchema(connection, bookkeeping);
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
        SchemaDiff.between(expected, "the revisions", live, "the database"));
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

  /** Where the revisions are replayed, and how it is removed afterwards. */
  private static final class Scratch {
    final DataSource dataSource;
    final String description;
    private final Dropper dropper;

    private interface Dropper {
      void drop() throws Exception;
    }

    private Scratch(DataSource dataSource, String description, Dropper dropper) {
      this.dataSource = dataSource;
      this.description = description;
      this.dropper = dropper;
    }

    static Scratch file(String name) {
      try {
        Path file = Files.createTempFile(name, ".db");
        return new Scratch(
            new DriverManagerDataSource("jdbc:sqlite:" + file, null, null),
            "the temporary SQLite file " + file,
            () -> {
              Files.deleteIfExists(Path.of(file + "-journal"));
              Files.deleteIfExists(Path.of(file + "-wal"));
              Files.deleteIfExists(Path.of(file + "-shm"));
              Files.deleteIfExists(file);
            });
      } catch (IOException e) {
        throw new RetortException(
            "the drift check could not create a temporary file for its scratch SQLite database: "
                + e.getMessage()
                + "; check java.io.tmpdir",
            e);
      }
    }

    static Scratch schema(DataSource live, PostgresDialect dialect, String name, String where) {
      try (Connection connection = live.getConnection();
          Statement statement = connection.createStatement()) {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
        statement.execute(dialect.createSchema(name));
      } catch (SQLException e) {
        throw new RetortException(
            "the drift check could not create its scratch schema "
                + name
                + where
                + ": "
                + e.getMessage()
                + "; the database user needs the CREATE privilege on the database",
            e);
      }
      return new Scratch(
          new ScratchSchemaDataSource(live, dialect, name),
          "the temporary schema " + name + where,
          () -> {
            try (Connection connection = live.getConnection();
                Statement statement = connection.createStatement()) {
              if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
              }
              statement.execute(dialect.dropSchema(name));
            }
          });
    }

    /** Removes the scratch; a failure is added to {@code pending}, or thrown when there is none. */
    void drop(RuntimeException pending) {
      try {
        dropper.drop();
      } catch (Exception e) {
        if (pending != null) {
          pending.addSuppressed(e);
        } else {
          throw new RetortException(
              "the drift check could not remove "
                  + description
                  + ": "
                  + e.getMessage()
                  + "; remove it by hand",
              e);
        }
      }
    }
  }
}
