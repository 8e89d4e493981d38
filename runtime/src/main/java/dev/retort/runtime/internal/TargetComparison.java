package dev.retort.runtime.internal;

import dev.retort.runtime.MigrationListener;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.SchemaComparison;
import dev.retort.runtime.TargetSchema;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/**
 * {@link dev.retort.runtime.Retort#compare}: replays every revision from base to head into a
 * scratch database of the Retort's dialect, reads the target's schema (a database, or DDL run on a
 * second scratch) and compares the two. The Retort's live database is never read nor written; on
 * PostgreSQL it only holds the scratch schemas while the comparison runs.
 */
public final class TargetComparison {
  private static final System.Logger LOG = System.getLogger("dev.retort");

  private TargetComparison() {}

  public static SchemaComparison run(
      DataSource dataSource,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      List<String> ownTables,
      Duration lockTimeout,
      Dialect configured,
      TargetSchema target) {
    if (target == null) {
      throw new NullPointerException("target == null");
    }
    Dialect dialect = configured != null ? configured : detect(dataSource);
    // The target first: a wrong kind of database or a bad DDL line is found before the replay.
    Schema wanted = readTarget(target, dialect, dataSource, ownTables);
    Schema built =
        replay(dataSource, registry, versionTable, historyTable, ownTables, lockTimeout, dialect);
    return new SchemaComparison(
        built, wanted, SchemaDiff.between(built, "the revisions", wanted, "the target"));
  }

  private static Dialect detect(DataSource dataSource) {
    if (dataSource == null) {
      throw new RetortException(Messages.noCompareDialect());
    }
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.detect(connection);
    } catch (SQLException e) {
      throw new RetortException(
          "could not open a connection to "
              + Session.describe(dataSource)
              + " to learn its dialect: "
              + Messages.databaseSaid(e)
              + "\n  check the URL, the user and password, or set the dialect explicitly",
          e);
    }
  }

  private static Schema readTarget(
      TargetSchema target, Dialect dialect, DataSource live, List<String> bookkeeping) {
    if (target instanceof TargetSchema.FromDatabase database) {
      return readDatabase(database.dataSource(), dialect, bookkeeping);
    }
    if (target instanceof TargetSchema.FromDdlFile file) {
      return runDdl(readFile(file), file.file().toString(), dialect, live, bookkeeping);
    }
    return runDdl(((TargetSchema.FromDdl) target).sql(), null, dialect, live, bookkeeping);
  }

  private static String readFile(TargetSchema.FromDdlFile file) {
    try {
      return Files.readString(file.file(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RetortException(Messages.noDdlFile(file.file()), e);
    } catch (CharacterCodingException e) {
      throw new RetortException(
          "the target DDL file " + file.file() + " is not UTF-8 text; write it in UTF-8", e);
    } catch (IOException e) {
      throw new RetortException(
          "could not read the target DDL file " + file.file() + ": " + e.getMessage(), e);
    }
  }

  private static Schema readDatabase(
      DataSource dataSource, Dialect dialect, List<String> bookkeeping) {
    try (Connection connection = dataSource.getConnection()) {
      String url = describe(connection);
      Dialect found = Dialect.detect(connection);
      if (found != dialect) {
        throw new RetortException(Messages.targetOfAnotherDialect(url, found, dialect));
      }
      try {
        return dialect.readSchema(connection, bookkeeping);
      } finally {
        if (!connection.getAutoCommit()) {
          connection.rollback(); // the reads opened a transaction; end it, having changed nothing
        }
      }
    } catch (SQLException e) {
      throw new RetortException(
          "could not read the target's schema from "
              + Session.describe(dataSource)
              + ": "
              + Messages.databaseSaid(e)
              + "\n  check that the target database is running and that its user may read the"
              + " catalogue",
          e);
    }
  }

  private static String describe(Connection connection) {
    try {
      return JdbcUrls.mask(connection.getMetaData().getURL());
    } catch (SQLException | RuntimeException e) {
      return "(URL unknown)";
    }
  }

  /** Runs {@code ddl} statement by statement in a scratch, reads what it built, drops the scratch. */
  private static Schema runDdl(
      String ddl, String file, Dialect dialect, DataSource live, List<String> bookkeeping) {
    List<DdlStatements.Statement> statements =
        DdlStatements.split(ddl, dialect == Dialect.postgres());
    Scratch scratch = Scratch.create(dialect, live, "the comparison with the target");
    LOG.log(
        System.Logger.Level.INFO,
        "target schema: running {0} statement(s) of {1} in {2}",
        statements.size(),
        file == null ? "the target DDL" : file,
        scratch.description);
    Schema schema;
    try (Connection connection = scratch.dataSource.getConnection()) {
      // One statement at a time, each committed: CREATE INDEX CONCURRENTLY refuses a transaction.
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      for (DdlStatements.Statement statement : statements) {
        try (Statement jdbc = connection.createStatement()) {
          jdbc.execute(statement.sql());
        } catch (SQLException e) {
          throw new RetortException(
              Messages.targetStatementFailed(file, statement.line(), statement.sql(), dialect, e),
              e);
        }
      }
      schema = dialect.readSchema(connection, bookkeeping);
    } catch (SQLException | RuntimeException e) {
      RetortException failure =
          e instanceof RetortException retort
              ? retort
              : new RetortException(
                  "the comparison could not read the schema the target DDL built in "
                      + scratch.description
                      + ": "
                      + e.getMessage(),
                  e);
      scratch.drop(failure);
      throw failure;
    }
    scratch.drop(null);
    return schema;
  }

  /** The schema every revision builds, replayed from base to head into a scratch. */
  private static Schema replay(
      DataSource live,
      RevisionRegistry registry,
      String versionTable,
      String historyTable,
      List<String> ownTables,
      Duration lockTimeout,
      Dialect dialect) {
    Scratch scratch = Scratch.create(dialect, live, "the comparison with the target");
    LOG.log(
        System.Logger.Level.INFO,
        "target schema: replaying the revisions up to head into {0}; the database is not touched",
        scratch.description);
    Schema built;
    try {
      Migrator replay =
          new Migrator(scratch.dataSource, registry, versionTable, historyTable, lockTimeout, dialect);
      replay.upgrade("heads", MigrationListener.NONE);
      try (Connection connection = scratch.dataSource.getConnection()) {
        built =
            dialect.readSchema(
                connection,
ownTables);
      }
    } catch (SQLException | RuntimeException e) {
      RetortException failure =
          new RetortException(
              "the comparison could not replay the revisions up to head into "
                  + scratch.description
                  + ": "
                  + e.getMessage()
                  + "\n  nothing was changed. A revision that names a schema, creates an"
                  + " extension or role, or reads rows a database holds cannot be replayed into an"
                  + " empty scratch; see the README's drift check section",
              e);
      scratch.drop(failure);
      throw failure;
    }
    scratch.drop(null);
    return built;
  }
}
