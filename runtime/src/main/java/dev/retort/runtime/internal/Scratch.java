package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.PostgresDialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A scratch database of the live database's kind, created for one check and removed after it: on
 * SQLite a temporary file, on PostgreSQL a schema in the live database with only it on the
 * replay's {@code search_path}. Both are named {@code retort_scratch_<pid>_<millis>}, so that one
 * left behind by a crash is recognisable and safe to drop.
 */
final class Scratch {
  /** The prefix of every scratch schema and file, so that a leftover is easy to recognise. */
  static final String PREFIX = "retort_scratch_";

  // One process may need two scratches in the same millisecond (the revisions and a DDL target).
  private static final AtomicLong LAST_STAMP = new AtomicLong();

  final DataSource dataSource;
  final String description;
  private final String user;
  private final Dropper dropper;

  private interface Dropper {
    void drop() throws Exception;
  }

  private Scratch(DataSource dataSource, String description, String user, Dropper dropper) {
    this.dataSource = dataSource;
    this.description = description;
    this.user = user;
    this.dropper = dropper;
  }

  /**
   * Creates a scratch for {@code dialect}; on PostgreSQL in the database {@code live} connects to.
   *
   * @param user what the scratch is for, in messages: {@code the drift check}
   */
  static Scratch create(Dialect dialect, DataSource live, String user) {
    String name = PREFIX + ProcessHandle.current().pid() + "_" + stamp();
    return dialect instanceof PostgresDialect postgres
        ? schema(live, postgres, name, user, "")
        : file(name, user);
  }

  /**
   * Creates a scratch schema in the PostgreSQL database {@code database} connects to: a scratch
   * database the user supplies, which {@code where} names in messages ({@code " in the scratch
   * database ..."}).
   */
  static Scratch createIn(PostgresDialect dialect, DataSource database, String user, String where) {
    String name = PREFIX + ProcessHandle.current().pid() + "_" + stamp();
    return schema(database, dialect, name, user, where);
  }

  private static long stamp() {
    long now = System.currentTimeMillis();
    return LAST_STAMP.updateAndGet(last -> Math.max(now, last + 1));
  }

  private static Scratch file(String name, String user) {
    try {
      Path file = Files.createTempFile(name, ".db");
      return new Scratch(
          new DriverManagerDataSource("jdbc:sqlite:" + file, null, null),
          "the temporary SQLite file " + file,
          user,
          () -> {
            Files.deleteIfExists(Path.of(file + "-journal"));
            Files.deleteIfExists(Path.of(file + "-wal"));
            Files.deleteIfExists(Path.of(file + "-shm"));
            Files.deleteIfExists(file);
          });
    } catch (IOException e) {
      throw new RetortException(
          user
              + " could not create a temporary file for its scratch SQLite database: "
              + e.getMessage()
              + "; check java.io.tmpdir",
          e);
    }
  }

  private static Scratch schema(
      DataSource live, PostgresDialect dialect, String name, String user, String where) {
    if (live == null) {
      throw new RetortException(Messages.noDataSource());
    }
    try (Connection connection = live.getConnection();
        Statement statement = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        connection.setAutoCommit(true);
      }
      statement.execute(dialect.createSchema(name));
    } catch (SQLException e) {
      throw new RetortException(
          user
              + " could not create its scratch schema "
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
        user,
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
            user + " could not remove " + description + ": " + e.getMessage() + "; remove it by hand",
            e);
      }
    }
  }
}
