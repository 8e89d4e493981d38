package dev.retort.benchmarks.child;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The floor, in plain JDBC.
 *
 * <p>{@code apply <url> <user> <password> <n>}: per revision one transaction with its DDL and one
 * version-row change (INSERT for the first, UPDATE after), nothing else.
 *
 * <p>{@code apply-logged <url> <user> <password> <n>}: the same, and before each revision one INFO
 * line like Retort's through JUL with its source given ({@link Logger#logp}, as Retort logs where
 * JUL is the backend), under the JDK's default logging configuration: what the log line alone
 * costs a Java tool that keeps it.
 *
 * <p>{@code startup <url> <user> <password> <n>}: opens a connection and reads the version table.
 */
public final class FloorChild {
  private FloorChild() {}

  public static void main(String[] args) throws SQLException {
    String mode = args[0];
    String url = args[1];
    String user = Report.nullable(args[2]);
    String password = Report.nullable(args[3]);
    int n = Integer.parseInt(args[4]);
    if (mode.equals("apply") || mode.equals("apply-logged")) {
      // The runner checks the tables and the version row afterwards, outside the timed call.
      long started = System.nanoTime();
      apply(url, user, password, n, mode.equals("apply-logged") ? Logger.getLogger("floor") : null);
      Report.print(System.nanoTime() - started, "applied=" + n);
      return;
    }
    long started = System.nanoTime();
    String version = read(url, user, password);
    long took = System.nanoTime() - started;
    if (!Schema.id(n).equals(version)) {
      throw new IllegalStateException("version table reads " + version + ", not " + Schema.id(n));
    }
    Report.print(took, "applied=0");
  }

  private static Connection connect(String url, String user, String password)
      throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  private static void apply(String url, String user, String password, int n, Logger log)
      throws SQLException {
    try (Connection connection = connect(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + Schema.FLOOR_VERSION_TABLE
              + " (version_num VARCHAR(32) NOT NULL PRIMARY KEY)");
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO " + Schema.FLOOR_VERSION_TABLE + " (version_num) VALUES (?)");
          PreparedStatement update =
              connection.prepareStatement(
                  "UPDATE "
                      + Schema.FLOOR_VERSION_TABLE
                      + " SET version_num = ? WHERE version_num = ?")) {
        for (int i = 1; i <= n; i++) {
          if (log != null && log.isLoggable(Level.INFO)) {
            log.logp(Level.INFO, FloorChild.class.getName(), "apply",
                Schema.id(i) + ": running upgrade (create table " + i + ")");
          }
          statement.execute(Schema.ddl(i));
          if (i == 1) {
            insert.setString(1, Schema.id(i));
            insert.executeUpdate();
          } else {
            update.setString(1, Schema.id(i));
            update.setString(2, Schema.id(i - 1));
            if (update.executeUpdate() != 1) {
              throw new IllegalStateException("version row of " + Schema.id(i - 1) + " missing");
            }
          }
          connection.commit();
        }
      }
      connection.setAutoCommit(true);
    }
  }

  private static String read(String url, String user, String password) throws SQLException {
    List<String> rows = new ArrayList<>(1);
    try (Connection connection = connect(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet resultSet =
            statement.executeQuery("SELECT version_num FROM " + Schema.FLOOR_VERSION_TABLE)) {
      while (resultSet.next()) {
        rows.add(resultSet.getString(1));
      }
    }
    return rows.size() == 1 ? rows.get(0) : rows.toString();
  }
}
