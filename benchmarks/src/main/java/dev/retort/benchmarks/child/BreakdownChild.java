package dev.retort.benchmarks.child;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The apply-N floor with one piece of Retort's per-revision work added, in plain JDBC, to price
 * each piece: {@code <url> <user> <password> <n> <steps>}, steps a comma-separated subset of
 *
 * <ul>
 *   <li>{@code read}: read the version table at the start of each transaction;
 *   <li>{@code rows}: DELETE and INSERT of the version row instead of one UPDATE, each a new
 *       PreparedStatement;
 *   <li>{@code history}: one history row per revision, its statement prepared once; on PostgreSQL
 *       in the same statement as the version-row UPDATE, as Retort writes it;
 *   <li>{@code lock}: Retort's locking: SQLite {@code BEGIN IMMEDIATE} / {@code COMMIT} statements
 *       with a busy timeout; PostgreSQL a session advisory lock on a second connection, and
 *       auto-commit switched off and on around each transaction;
 *   <li>{@code log}: one INFO log line per revision through {@code System.Logger} (JUL's console),
 * </ul>
 *
 * <p>or {@code -} for the floor itself: the DDL and one version-row UPDATE per transaction. The
 * statements are Retort's own text (its dialects' SQL, copied) on tables with Retort's layout.
 */
public final class BreakdownChild {
  /** The steps, in the order the runner measures them. */
  public static final java.util.List<String> STEPS =
      java.util.List.of("read", "rows", "history", "lock", "log");

  private static final System.Logger LOG = System.getLogger("dev.retort");
  private static final String VERSION = "\"retort_version\"";
  private static final String HISTORY = "\"retort_history\"";

  private BreakdownChild() {}

  public static void main(String[] args) throws SQLException {
    String url = args[0];
    String user = Report.nullable(args[1]);
    String password = Report.nullable(args[2]);
    int n = Integer.parseInt(args[3]);
    java.util.Set<String> steps = java.util.Set.of(args[4].split(","));
    boolean read = steps.contains("read");
    boolean rows = steps.contains("rows");
    boolean history = steps.contains("history");
    boolean locking = steps.contains("lock");
    boolean log = steps.contains("log");
    boolean postgres = url.startsWith("jdbc:postgresql:");

    long started = System.nanoTime();
    try (Connection connection = connect(url, user, password)) {
      Connection lock = null;
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE IF NOT EXISTS "
                + VERSION
                + " (version_num VARCHAR(32) NOT NULL, CONSTRAINT \"retort_version_pkc\" PRIMARY"
                + " KEY (version_num))");
        if (history) {
          statement.execute(postgres ? POSTGRES_HISTORY : SQLITE_HISTORY);
        }
        if (locking) {
          if (postgres) {
            lock = connect(url, user, password);
            try (PreparedStatement take = lock.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
              take.setLong(1, 0x52455452_00000001L);
              take.executeQuery().close();
            }
          } else {
            statement.execute("PRAGMA busy_timeout = 300000");
          }
        }
      }
      boolean sqliteLock = locking && !postgres;
      if (!locking) {
        connection.setAutoCommit(false);
      }
      try (Statement statement = connection.createStatement();
          PreparedStatement update =
              connection.prepareStatement(
                  history && postgres
                      ? POSTGRES_UPDATE_WITH_HISTORY
                      : "UPDATE " + VERSION + " SET version_num = ? WHERE version_num = ?");
          // null without the history step: try-with-resources skips a null resource.
          PreparedStatement historyInsert =
              history
                  ? connection.prepareStatement(postgres ? POSTGRES_INSERT : SQLITE_INSERT)
                  : null) {
        for (int i = 1; i <= n; i++) {
          long revisionStarted = System.nanoTime();
          // Begin.
          if (sqliteLock) {
            statement.execute("BEGIN IMMEDIATE");
          } else if (locking) {
            connection.setAutoCommit(false);
          }
          if (read) {
            read(statement);
          }
          if (log) {
            LOG.log(
                System.Logger.Level.INFO,
                "{0}: running {1} {2} ({3}){4}",
                Schema.id(i),
                "upgrade",
                Schema.className(i),
                "create t" + i,
                "");
          }
          statement.execute(Schema.ddl(i));
          if (rows) {
            if (i > 1) {
              try (PreparedStatement delete =
                  connection.prepareStatement(
                      "DELETE FROM " + VERSION + " WHERE version_num = ?")) {
                delete.setString(1, Schema.id(i - 1));
                delete.executeUpdate();
              }
            }
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO " + VERSION + " (version_num) VALUES (?)")) {
              insert.setString(1, Schema.id(i));
              insert.executeUpdate();
            }
          } else if (i == 1) {
            try (PreparedStatement insert =
                connection.prepareStatement(
                    "INSERT INTO " + VERSION + " (version_num) VALUES (?)")) {
              insert.setString(1, Schema.id(i));
              insert.executeUpdate();
            }
          } else {
            update.setString(1, Schema.id(i));
            update.setString(2, Schema.id(i - 1));
            if (history && postgres) {
              bindHistory(update, 3, i, revisionStarted);
            }
            update.executeUpdate();
          }
          if (history && (!postgres || rows || i == 1)) {
            bindHistory(historyInsert, 1, i, revisionStarted);
            historyInsert.executeUpdate();
          }
          // Commit.
          if (sqliteLock) {
            statement.execute("COMMIT");
          } else {
            connection.commit();
            if (locking) {
              connection.setAutoCommit(true);
            }
          }
        }
      }
      if (lock != null) {
        lock.close();
      }
    }
    Report.print(System.nanoTime() - started, "steps=" + args[4]);
  }

  private static void bindHistory(PreparedStatement statement, int first, int i, long started)
      throws SQLException {
    statement.setString(first, Schema.id(i));
    statement.setString(first + 1, "upgrade");
    statement.setNull(first + 2, Types.VARCHAR);
    statement.setLong(first + 3, (System.nanoTime() - started) / 1_000_000);
  }

  private static List<String> read(Statement statement) throws SQLException {
    List<String> ids = new ArrayList<>(1);
    try (ResultSet rows = statement.executeQuery("SELECT version_num FROM " + VERSION)) {
      while (rows.next()) {
        ids.add(rows.getString(1));
      }
    }
    Collections.sort(ids);
    return ids;
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    return user == null
        ? DriverManager.getConnection(url)
        : DriverManager.getConnection(url, user, password);
  }

  private static final String SQLITE_HISTORY =
      "CREATE TABLE IF NOT EXISTS "
          + HISTORY
          + " (id INTEGER PRIMARY KEY, revision_id TEXT NOT NULL, action TEXT NOT"
          + " NULL, checksum TEXT, applied_at TEXT NOT NULL, duration_ms INTEGER NOT NULL,"
          + " applied_by TEXT)";

  private static final String SQLITE_INSERT =
      "INSERT INTO "
          + HISTORY
          + " (revision_id, action, checksum, applied_at, duration_ms, applied_by) VALUES (?, ?,"
          + " ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, NULL)";

  private static final String POSTGRES_HISTORY =
      "CREATE TABLE IF NOT EXISTS "
          + HISTORY
          + " (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, revision_id VARCHAR(32)"
          + " NOT NULL, action VARCHAR(10) NOT NULL, checksum VARCHAR(64), applied_at TIMESTAMP"
          + " WITH TIME ZONE NOT NULL, duration_ms BIGINT NOT NULL, applied_by VARCHAR(128))";

  private static final String POSTGRES_UPDATE_WITH_HISTORY =
      "WITH moved AS (UPDATE "
          + VERSION
          + " SET version_num = ? WHERE version_num = ? RETURNING version_num) INSERT INTO "
          + HISTORY
          + " (revision_id, action, checksum, applied_at, duration_ms, applied_by) SELECT ?, ?, ?,"
          + " clock_timestamp(), ?, CURRENT_USER FROM moved";

  private static final String POSTGRES_INSERT =
      "INSERT INTO "
          + HISTORY
          + " (revision_id, action, checksum, applied_at, duration_ms, applied_by) VALUES (?, ?,"
          + " ?, clock_timestamp(), ?, CURRENT_USER)";
}
