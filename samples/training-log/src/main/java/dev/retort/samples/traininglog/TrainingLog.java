package dev.retort.samples.traininglog;

import dev.retort.runtime.AppliedRevision;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.Retort;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * A training log on an embedded SQLite file. At start it brings its database to head with Retort,
 * then records one workout and prints a summary.
 *
 * <pre>
 * java -jar samples/training-log/target/training-log.jar [database-file]
 * </pre>
 */
public final class TrainingLog {
  private final String url;
  private final PrintStream out;
  private final Clock clock;

  TrainingLog(Path database, PrintStream out, Clock clock) {
    this.url = "jdbc:sqlite:" + database;
    this.out = out;
    this.clock = clock;
  }

  public static void main(String[] args) throws SQLException {
    // Retort logs through System.Logger, which defaults to java.util.logging's two-line format;
    // one line per record reads better in a terminal. An application's choice, not Retort's.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
    }
    Path database = Path.of(args.length > 0 ? args[0] : "training-log.db");
    new TrainingLog(database, System.out, Clock.systemUTC()).run();
  }

  void run() throws SQLException {
    // The whole integration: find the generated registry, bring the file to head.
    MigrationResult result = Retort.configure().dataSource(url).load().upgrade("head");
    report(result);
    try (Connection connection = DriverManager.getConnection(url)) {
      String athlete = athlete(connection, "Ada");
      logWorkout(connection, athlete, clock.instant(), "run", Duration.ofMinutes(45), 148);
      summarise(connection, athlete);
    }
  }

  private void report(MigrationResult result) {
    if (result.isNoOp()) {
      out.println("database at head " + String.join(", ", result.to()) + "; nothing to upgrade");
      return;
    }
    out.println(
        "upgraded "
            + (result.from().isEmpty() ? "empty database" : String.join(", ", result.from()))
            + " -> "
            + String.join(", ", result.to())
            + ":");
    for (AppliedRevision revision : result.applied()) {
      out.println("  " + revision.id() + "  " + revision.message());
    }
  }

  private static String athlete(Connection connection, String name) throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement("SELECT id FROM athlete WHERE name = ?")) {
      find.setString(1, name);
      try (ResultSet rows = find.executeQuery()) {
        if (rows.next()) {
          return rows.getString(1);
        }
      }
    }
    String id = UUID.randomUUID().toString();
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO athlete (id, name) VALUES (?, ?)")) {
      insert.setString(1, id);
      insert.setString(2, name);
      insert.executeUpdate();
    }
    return id;
  }

  private void logWorkout(
      Connection connection,
      String athlete,
      Instant start,
      String kind,
      Duration length,
      int heartRate)
      throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO workout (id, athlete_id, started_at, kind, duration_seconds,"
                + " avg_heart_rate) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, UUID.randomUUID().toString());
      insert.setString(2, athlete);
      // started_at is a naive timestamp: store UTC wall time, never a zone the reader must guess.
      insert.setString(3, LocalDateTime.ofInstant(start, ZoneOffset.UTC).toString());
      insert.setString(4, kind);
      insert.setLong(5, length.toSeconds());
      insert.setInt(6, heartRate);
      insert.executeUpdate();
    }
    out.println("logged a " + length.toMinutes() + "-minute " + kind + " at " + heartRate + " bpm");
  }

  private void summarise(Connection connection, String athlete) throws SQLException {
    try (PreparedStatement totals =
        connection.prepareStatement(
            "SELECT COUNT(*), SUM(duration_seconds) FROM workout WHERE athlete_id = ?")) {
      totals.setString(1, athlete);
      try (ResultSet rows = totals.executeQuery()) {
        rows.next();
        out.println(
            "Ada has "
                + rows.getInt(1)
                + " workout"
                + (rows.getInt(1) == 1 ? "" : "s")
                + ", "
                + Duration.ofSeconds(rows.getLong(2)).toMinutes()
                + " minutes in all");
      }
    }
  }
}
