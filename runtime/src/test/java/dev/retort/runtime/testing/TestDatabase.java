package dev.retort.runtime.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The two real databases every shared test runs against: a PostgreSQL server started once per JVM
 * from Maven's embedded binaries (each test gets a database of its own), and SQLite files under a
 * test's temporary directory.
 */
public enum TestDatabase {
  POSTGRES {
    @Override
    public DataSource create(Path tempDir) {
      String name = "t" + COUNTER.incrementAndGet();
      DataSource admin = Postgres.server().getPostgresDatabase();
      try (Connection connection = admin.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      return Postgres.server().getDatabase("postgres", name);
    }

    @Override
    public String jdbcUrl(DataSource dataSource) {
      String url = ((org.postgresql.ds.PGSimpleDataSource) dataSource).getUrl();
      return url + (url.contains("?") ? "&" : "?") + "user=postgres";
    }
  },

  SQLITE {
    @Override
    public DataSource create(Path tempDir) {
      SQLiteDataSource dataSource = new SQLiteDataSource();
      dataSource.setUrl("jdbc:sqlite:" + tempDir.resolve("t" + COUNTER.incrementAndGet() + ".db"));
      return dataSource;
    }

    @Override
    public String jdbcUrl(DataSource dataSource) {
      return ((SQLiteDataSource) dataSource).getUrl();
    }
  };

  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A new, empty database. */
  public abstract DataSource create(Path tempDir);

  /** The JDBC URL of a database from {@link #create}, for a separate process. */
  public abstract String jdbcUrl(DataSource dataSource);

  /**
   * Creates {@code applied_log (seq, revision)}, where test revisions log themselves in order, so
   * that order and exactly-once are visible in the database.
   */
  public void createAppliedLog(DataSource dataSource) {
    execute(
        dataSource,
        this == POSTGRES
            ? "CREATE TABLE applied_log (seq SERIAL PRIMARY KEY, revision VARCHAR(40))"
            : "CREATE TABLE applied_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, revision"
                + " VARCHAR(40))");
  }

  /** The names of the user tables in {@code dataSource}, sorted. */
  public static List<String> tables(DataSource dataSource) {
    List<String> tables = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        String schema = rows.getString("TABLE_SCHEM");
        if (schema == null || schema.equals("public")) {
          tables.add(rows.getString("TABLE_NAME"));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    tables.sort(null);
    return tables;
  }

  /**
   * The user tables with their columns and row counts, one line each, sorted: two databases with
   * the same schema and rows have the same fingerprint.
   */
  public static List<String> fingerprint(DataSource dataSource) {
    List<String> lines = new ArrayList<>();
    for (String table : tables(dataSource)) {
      StringBuilder line = new StringBuilder(table).append('(');
      try (Connection connection = dataSource.getConnection();
          ResultSet columns = connection.getMetaData().getColumns(null, null, table, "%")) {
        while (columns.next()) {
          line.append(columns.getString("COLUMN_NAME")).append(' ');
        }
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
      line.append(") rows=").append(query(dataSource, "SELECT COUNT(*) FROM " + table).get(0));
      lines.add(line.toString());
    }
    return lines;
  }

  /** The columns of {@code table} in order, each as {@code name} or {@code name not null}. */
  public static List<String> columns(DataSource dataSource, String table) {
    List<String> columns = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.getMetaData().getColumns(null, null, table, "%")) {
      while (rows.next()) {
        columns.add(
            rows.getString("COLUMN_NAME")
                + (rows.getInt("NULLABLE") == java.sql.DatabaseMetaData.columnNoNulls
                    ? " not null"
                    : ""));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return columns;
  }

  /** The first column of every row {@code sql} returns, as strings, in order. */
  public static List<String> query(DataSource dataSource, String sql) {
    List<String> values = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return values;
  }

  /** Runs {@code sql} in auto-commit mode. */
  public static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The embedded server, started on first use and stopped when the JVM exits. */
  private static final class Postgres {
    private static final EmbeddedPostgres SERVER = start();

    static EmbeddedPostgres server() {
      return SERVER;
    }

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres server = EmbeddedPostgres.builder().start();
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        server.close();
                      } catch (IOException ignored) {
                        // The JVM is exiting; the data directory is temporary.
                      }
                    }));
        return server;
      } catch (IOException e) {
        throw new UncheckedIOException("could not start embedded PostgreSQL", e);
      }
    }
  }
}
