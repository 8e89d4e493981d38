package dev.retort.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A database server (or SQLite's file system) that hands out a fresh, empty database per run. */
abstract sealed class Database implements AutoCloseable {

  /** One empty database, as a JDBC URL and credentials (null for SQLite). */
  record Target(String name, String url, String user, String password) {
    Connection connect() throws SQLException {
      return user == null
          ? DriverManager.getConnection(url)
          : DriverManager.getConnection(url, user, password);
    }

    /** A one-value query, for the runner's checks (never inside a measurement). */
    String query(String sql) throws SQLException {
      try (Connection connection = connect();
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(sql)) {
        return rows.next() ? rows.getString(1) : null;
      }
    }
  }

  /** {@code sqlite} or {@code postgres}, as {@code --db} spells it. */
  abstract String key();

  /** For tables: "SQLite" or "PostgreSQL". */
  abstract String label();

  /** The server's or the library's version. */
  abstract String version() throws SQLException;

  /** Creates an empty database named {@code name}. */
  abstract Target create(String name) throws SQLException, IOException;

  abstract void drop(Target target) throws SQLException, IOException;

  /** The number of the benchmark's tables {@code t<i>} in {@code target}. */
  abstract int benchmarkTables(Target target) throws SQLException;

  static Database open(String key, Path work) throws IOException {
    return key.equals("postgres") ? new Postgres() : new Sqlite(work.resolve("sqlite"));
  }

  @Override
  public void close() throws IOException {}

  /** A new file per run. */
  static final class Sqlite extends Database {
    private final Path directory;

    Sqlite(Path directory) throws IOException {
      this.directory = Files.createDirectories(directory);
    }

    @Override
    String key() {
      return "sqlite";
    }

    @Override
    String label() {
      return "SQLite";
    }

    @Override
    String version() throws SQLException {
      try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
          Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT sqlite_version()")) {
        rows.next();
        return rows.getString(1);
      }
    }

    @Override
    Target create(String name) throws IOException {
      Path file = directory.resolve(name + ".db");
      Files.deleteIfExists(file);
      return new Target(name, "jdbc:sqlite:" + file, null, null);
    }

    @Override
    void drop(Target target) throws IOException {
      Path file = directory.resolve(target.name() + ".db");
      for (String suffix : new String[] {"", "-journal", "-wal", "-shm"}) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    }

    @Override
    int benchmarkTables(Target target) throws SQLException {
      return Integer.parseInt(
          target.query(
              "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name GLOB 't[0-9]*'"));
    }
  }

  /** One embedded server for the whole run; a new database per run. */
  static final class Postgres extends Database {
    private static final String USER = "postgres";
    private final EmbeddedPostgres server;

    Postgres() throws IOException {
      this.server = EmbeddedPostgres.builder().start();
    }

    private String url(String database) {
      return "jdbc:postgresql://localhost:" + server.getPort() + "/" + database;
    }

    @Override
    String key() {
      return "postgres";
    }

    @Override
    String label() {
      return "PostgreSQL";
    }

    @Override
    String version() throws SQLException {
      return new Target("postgres", url("postgres"), USER, null).query("SHOW server_version");
    }

    private void admin(String sql) throws SQLException {
      try (Connection connection = DriverManager.getConnection(url("postgres"), USER, null);
          Statement statement = connection.createStatement()) {
        statement.execute(sql);
      }
    }

    @Override
    Target create(String name) throws SQLException {
      admin("DROP DATABASE IF EXISTS " + name);
      admin("CREATE DATABASE " + name);
      return new Target(name, url(name), USER, null);
    }

    @Override
    void drop(Target target) throws SQLException {
      admin("DROP DATABASE IF EXISTS " + target.name());
    }

    @Override
    int benchmarkTables(Target target) throws SQLException {
      return Integer.parseInt(
          target.query(
              "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"
                  + " AND table_name ~ '^t[0-9]+$'"));
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
