package dev.retort.runtime.internal;

import dev.retort.runtime.Database;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The runtime's messages that more than one class raises, in one place. Public only for the
 * runtime's other packages.
 */
public final class Messages {
  private Messages() {}

  /**
   * {@code "1b7e443f2a9c"} or {@code "1b7e443f2a9c", "c3e8a0d41b96"}, or {@code base (no revision
   * applied)}. Quoted, because the rows come from the database: an empty id or a trailing space
   * must be visible.
   */
  static String rows(List<String> rows) {
    if (rows.isEmpty()) {
      return "base (no revision applied)";
    }
    StringBuilder text = new StringBuilder();
    for (String row : rows) {
      text.append(text.length() == 0 ? "" : ", ").append(quote(row));
    }
    return text.toString();
  }

  /** As {@link #rows}, unquoted: for log lines, which show ids as the sample's output does. */
  static String rowsForLog(List<String> rows) {
    return rows.isEmpty() ? "base (no revision applied)" : String.join(", ", rows);
  }

  /** {@code "r03 "}: an id as read, in quotes. */
  static String quote(String id) {
    return '"' + id + '"';
  }

  /** {@code upgrade("aa11")} when the database is above that revision, or above base. */
  static String upgradeGoesDown(String target, List<String> rows, String below) {
    return "upgrade(\""
        + target
        + "\") goes down: the database is at "
        + rows(rows)
        + (below == null ? "" : ", above " + below)
        + "; use downgrade(\""
        + target
        + "\") to go down to it";
  }

  static String unknownRevision(String versionTable, String id, List<String> heads) {
    return "the version table "
        + versionTable
        + " names revision "
        + quote(id)
        + ", which no revision in this build declares (stamped by hand, or applied by a newer"
        + " build?)\n"
        + "  if the schema matches a revision of this build, record that with stamp(\"<id>\") (this"
        + " build's head is "
        + (heads.isEmpty() ? "none" : String.join(", ", heads))
        + "), then upgrade(\"head\"); stamp works from this state";
  }

  static String rowsNotHeads(String versionTable, String ancestor, String descendant) {
    return "the version table "
        + versionTable
        + " holds both "
        + quote(ancestor)
        + " and "
        + quote(descendant)
        + ", but "
        + ancestor
        + " is an ancestor of "
        + descendant
        + "; every row must be a head of the applied revisions\n  keep the newer one with stamp(\""
        + descendant
        + "\")";
  }

  static String versionTableBehindHistory(
      String versionTable, String historyTable, List<String> rows, RevisionGraph graph, int ran) {
    return "the version table "
        + versionTable
        + " reads "
        + rows(rows)
        + ", but "
        + historyTable
        + " shows revision "
        + graph.describe(ran)
        + " upgraded later, with no downgrade or stamp since: the version table was changed"
        + " outside Retort (restored from a backup, edited by hand, or moved by another tool), and"
        + " an upgrade now would run applied revisions again; nothing ran\n"
        + "  if the schema has "
        + graph.id(ran)
        + "'s changes, record that with stamp(\""
        + graph.id(ran)
        + "\"), then upgrade(\"head\"); if it really is at "
        + rows(rows)
        + ", record that with stamp(\""
        + (rows.size() == 1 ? rows.get(0) : rows.isEmpty() ? "base" : "<id>")
        + "\")";
  }

  static String irreversible(RevisionGraph graph, int index) {
    return "cannot downgrade past "
        + graph.describe(index)
        + ": "
        + graph.info(index).className()
        + " does not override downgrade(), so it is irreversible; downgrade to "
        + graph.id(index)
        + " or a later revision, or implement downgrade()";
  }

  /**
   * What the database said, once: the driver's message without the PostgreSQL driver's server
   * source location and repeated SQLState (which it adds when its logger is at FINEST), then the
   * SQLState in brackets unless the text already carries it, with any password masked.
   */
  static String databaseSaid(SQLException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    StringBuilder text = new StringBuilder();
    for (String line : message.split("\n")) {
      String stripped = line.strip();
      if (!stripped.startsWith("Location: File:") && !stripped.startsWith("Server SQLState:")) {
        text.append(text.length() == 0 ? "" : "\n").append(line);
      }
    }
    String state = e.getSQLState();
    if (state != null && text.indexOf(state) < 0) {
      text.append(" [SQLState ").append(state).append(']');
    }
    return JdbcUrls.mask(text.toString());
  }

  /**
   * The advice for a failure the database caused, not the revision: a read-only database, or
   * another connection's lock past lockTimeout; null when the revision is the one to fix.
   */
  static String notTheRevision(Dialect dialect, SQLException e, String database) {
    if (dialect.isReadOnly(e)) {
      return "the database "
          + database
          + " is read-only for this connection; open it read-write (for a SQLite file, the file"
          + " and its directory must be writable by this process, which writes a journal beside"
          + " it), then run the command again";
    }
    if (dialect.isLockConflict(e)) {
      return "another connection held a lock on the database "
          + database
          + " past lockTimeout; let that connection finish (or raise lockTimeout), then run the"
          + " command again";
    }
    return null;
  }

  /** {@code sql} on one line, cut to a length that keeps a message readable. */
  static String abbreviate(String sql) {
    String line = sql.strip().replaceAll("\\s+", " ");
    return line.length() <= 300 ? line : line.substring(0, 297) + "...";
  }

  static final String NOT_COMMITTED =
      "; another process changed it without the migration lock, or the connection does not"
          + " commit: check current() and the data source's transaction settings";

  static String unmetDependency(
      RevisionGraph graph,
      int index,
      int other,
      boolean upgrade,
      String versionTable,
      List<String> rows) {
    return "cannot "
        + (upgrade ? "upgrade " : "downgrade ")
        + graph.describe(index)
        + ": "
        + (upgrade ? "its down revision " : "its child ")
        + graph.describe(other)
        + (upgrade ? " is not applied" : " is still applied")
        + ", yet the version table "
        + versionTable
        + " reads "
        + rows(rows)
        + NOT_COMMITTED;
  }

  static String checksumMismatch(
      RevisionGraph graph, int index, String recorded, String historyTable) {
    RevisionInfo info = graph.info(index);
    return "revision "
        + graph.describe(index)
        + " changed after it was applied: "
        + historyTable
        + " recorded checksum "
        + shortHash(recorded)
        + " when it ran, this build has "
        + shortHash(info.checksum())
        + "\n  databases that already ran it will never see the change: revert the edit to "
        + info.className()
        + " and put the change in a new revision. If the change is deliberate and needs no"
        + " migration, accept it with acceptChecksum(\""
        + info.id()
        + "\"); if "
        + historyTable
        + " was edited by hand, restore it";
  }

  private static String shortHash(String checksum) {
    return checksum == null ? "none" : checksum.substring(0, Math.min(12, checksum.length()));
  }

  static String rowsMoved(String versionTable, List<String> expected, RevisionInfo revision) {
    return "cannot record revision "
        + revision.id()
        + " ("
        + revision.simpleName()
        + "): the version table "
        + versionTable
        + " no longer holds "
        + rows(expected)
        + ", which this process recorded"
        + NOT_COMMITTED;
  }

  /**
   * The schema of {@code versionTable} ({@code schema.table}, setting versionTableSchema) does not
   * exist; on SQLite a schema is an attached database.
   */
  public static String unknownSchema(Dialect dialect, String versionTable) {
    String schema = versionTable.substring(0, versionTable.indexOf('.'));
    if (dialect.database() == Database.SQLITE) {
      return "no database is attached as \""
          + schema
          + "\", the schema of the version table "
          + versionTable
          + " (setting versionTableSchema): on SQLite a schema is an attached database, so attach"
          + " it on every connection the data source opens (ATTACH DATABASE '<file>' AS "
          + schema
          + "), or leave versionTableSchema unset";
    }
    return "the schema \""
        + schema
        + "\" of the version table "
        + versionTable
        + " does not exist (setting versionTableSchema); create it with CREATE SCHEMA "
        + schema
        + ", or set versionTableSchema to an existing schema";
  }

  /**
   * Why a revision does not run on {@code dialect}'s database: {@code it is for postgresql only
   * (@Revision(dialects)), and this is SQLite; recorded as upgraded without running}.
   */
  static String forAnotherDatabase(RevisionInfo info, Dialect dialect, String done) {
    return "it is for "
        + info.dialects().stream().map(Database::annotationName).collect(Collectors.joining(", "))
        + " only (@Revision(dialects)), and this is "
        + dialect.name()
        + "; recorded as "
        + done
        + " without running";
  }

  // ---- Comparison with a target schema

  static String noCompareDialect() {
    return "compare(target) replays the revisions into a scratch database of this Retort's"
        + " dialect, and neither dialect nor dataSource is set; set one of them";
  }

  static String noDdlFile(java.nio.file.Path file) {
    return "the target DDL file "
        + file
        + " does not exist; export the schema first (see the README's JPA workflow) or fix the"
        + " path";
  }

  static String targetOfAnotherDialect(String url, Dialect found, Dialect wanted) {
    return "the target database "
        + url
        + " is "
        + found.name()
        + ", but this Retort migrates "
        + wanted.name()
        + "; schemas of two kinds of database always differ, so compare with a "
        + wanted.name()
        + " target";
  }

  /**
   * A statement of the target DDL failed in the scratch: where it is ({@code file:line}, or the
   * line of DDL text), the statement, what the database said, and the dialect it must be written
   * for.
   */
  static String targetStatementFailed(
      String file, int line, String statement, Dialect dialect, SQLException e) {
    return (file == null ? "the target DDL, line " + line : "the target DDL " + file + ":" + line)
        + ": "
        + abbreviate(statement)
        + "\n  failed in a scratch "
        + dialect.name()
        + " database: "
        + databaseSaid(e)
        + "\n  the DDL must be written for "
        + dialect.name()
        + ", this Retort's database; fix the statement (or export the DDL for "
        + dialect.name()
        + ") and run the comparison again";
  }

  // ---- Offline SQL scripts

  static String noScratchSqlite(String url, String driverMessage) {
    return "offline SQL for SQLite replays the revisions into a scratch in-memory database ("
        + url
        + "), which needs the SQLite JDBC driver, and DriverManager could not open one: "
        + driverMessage
        + "; put org.xerial:sqlite-jdbc on the class path";
  }

  static String scratchDataSourceNotPostgres(Dialect dialect) {
    return "scratchDataSource is set, but the live database is "
        + dialect.name()
        + ": a scratch data source is for PostgreSQL; on SQLite the drift check replays into a"
        + " temporary file, so remove scratchDataSource (--scratch-url)";
  }

  static String scratchIsLive(String database) {
    return "the scratch database "
        + database
        + " is the live database (same server, same database name): the drift check replays the"
        + " revisions there and must not touch the live one; give scratchDataSource (--scratch-url)"
        + " another, empty database, or leave it out to use a temporary schema in the live one";
  }

  static String scratchNotEmpty(String database, dev.retort.runtime.schema.Schema held) {
    List<String> names = new java.util.ArrayList<>();
    held.tables().forEach(t -> names.add("table " + t.name()));
    held.views().forEach(v -> names.add("view " + v.name()));
    held.enumTypes().forEach(e -> names.add("type " + e.name()));
    held.sequences().forEach(q -> names.add("sequence " + q.name()));
    held.triggers().forEach(t -> names.add("trigger " + t.name()));
    String shown =
        names.size() > 5
            ? String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more"
            : String.join(", ", names);
    return "the scratch database "
        + database
        + " is not empty: its current schema holds "
        + shown
        + "; the drift check replays only into an empty database, and never drops what it did"
        + " not create. Give scratchDataSource (--scratch-url) an empty database";
  }

  static String noDataSource() {
    return "dataSource is not set: this Retort was loaded with only dialect(...), which writes"
        + " offline scripts; call dataSource(...) to run commands on a database";
  }

  static String noOfflineDialect() {
    return "offline SQL needs to know the database it is written for, and neither dialect nor"
        + " dataSource is set; set dialect(Dialect.postgres()) or dialect(Dialect.sqlite())";
  }

  static String downgradeScriptNeedsStart(String range) {
    return "a downgrade script needs start:end (\""
        + range
        + "\" has no start): offline there is no version table to read the start from; write"
        + " it as <revision>:<target>, for example head:base or 77b0:-1";
  }

  static String notAScriptStart(String text) {
    return "\""
        + text
        + "\" cannot start a script: use base, head, or a revision id or a unique prefix of one";
  }

  static String readsDatabase(RevisionInfo info, boolean beforeScript) {
    return "revision "
        + info.id()
        + " ("
        + info.className()
        + ") reads the database (op.connection()), so offline SQL cannot write "
        + (beforeScript
            ? "the schema the script starts from, which includes it"
            : "its statements: they depend on what it reads")
        + "; run it online, or allow a placeholder comment in its place"
        + " (SqlScript.DatabaseReads.PLACEHOLDER)";
  }

  static String leftOutPlaceholder(RevisionInfo info, String verb) {
    return "-- LEFT OUT: revision "
        + info.id()
        + " reads the database (op.connection()), so its statements cannot be written offline."
        + "\n-- Stop here, run its "
        + verb
        + " online (it also changes the version row), then run the rest of this script.";
  }

  static String schemaUnknown(String leftOut) {
    return "it needs the schema at its point of the script, but revision "
        + leftOut
        + " was left out before it (it reads the database), so offline SQL cannot know that"
        + " schema; run "
        + leftOut
        + " online first, then write the script from it";
  }

  static String offlineFailed(RevisionInfo info, String verb, Exception e) {
    String cause = e.getMessage();
    String statement = null;
    if (e instanceof StatementFailedException failed) {
      statement = failed.statement();
      cause = failed.getCause().getMessage();
    }
    return "revision "
        + info.id()
        + " ("
        + info.className()
        + ") could not be written as offline SQL ("
        + verb
        + ")"
        + (statement == null
            ? ""
            : "\n  statement: "
                + abbreviate(statement)
                + "\n  the scratch database that follows the schema said")
        + ": "
        + (cause == null ? e.getClass().getSimpleName() : cause);
  }

  static String unboundOffline(String sql, String reason) {
    return "offline SQL cannot bind the parameters of "
        + abbreviate(sql)
        + " ("
        + reason
        + "): on PostgreSQL a date-time in execute(sql, parameters) takes its form from the"
        + " column's type, which only the database knows; use bulkInsert with typed columns, or"
        + " write the value in the SQL";
  }

  /**
   * A concurrent index build or drop in a revision that runs inside a transaction, which PostgreSQL
   * refuses.
   */
  static String concurrentInTransaction(RevisionInfo info, String action) {
    return "revision "
        + info.id()
        + " ("
        + info.simpleName()
        + ") cannot "
        + action
        + " inside its transaction: PostgreSQL refuses CONCURRENTLY in a transaction block; mark"
        + " the revision @Revision(..., transactional = false), and keep its other statements"
        + " safe to re-run (a crash leaves what ran before it in place)";
  }
}
