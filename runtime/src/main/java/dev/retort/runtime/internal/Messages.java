package dev.retort.runtime.internal;

import dev.retort.runtime.Database;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
    return revision(info)
        + " reads the database (op.connection()), so offline SQL cannot write "
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
    return revision(info)
        + " could not be written as offline SQL ("
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

  /** {@code revision 1b7e443f2a9c (com.example.db.AddPhone)}: a revision as a message names it. */
  private static String revision(RevisionInfo info) {
    return "revision " + info.id() + " (" + info.className() + ")";
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

  /** A transactional revision called {@code op.backfill}, which commits chunk by chunk. */
  static String backfillInTransaction(RevisionInfo info, String name) {
    return revision(info)
        + " runs backfill \""
        + name
        + "\" inside its transaction, but a backfill commits each chunk on its own so that a"
        + " killed run can resume; mark the revision @Revision(transactional = false), and keep"
        + " its other statements safe to run again (IF NOT EXISTS / IF EXISTS)";
  }

  /** An offline script met {@code op.backfill}, whose chunks depend on the rows. */
  static String backfillOffline(RevisionInfo info, String name) {
    return revision(info)
        + " runs backfill \""
        + name
        + "\", which offline SQL cannot hold: its chunks are found by reading the rows; run"
        + " this revision with upgrade against the database";
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

  // ---- Runtime guards

  /** {@code 10s}, {@code 500ms}, {@code 2m}: a timeout as the settings and annotations write it. */
  static String duration(Duration duration) {
    long millis = duration.toMillis();
    if (millis == 0) {
      return "0 (no limit)";
    }
    if (millis % 3_600_000 == 0) {
      return millis / 3_600_000 + "h";
    }
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
  }

  /**
   * The lines after "database said" for a revision statement that ran out of its lock timeout
   * ({@code lock}) or was cancelled (statement timeout or a cancel request): the limit and where it
   * comes from, the sessions that blocked it, and what to do.
   */
  static String revisionTimedOut(
      RevisionInfo info,
      boolean lock,
      Duration timeout,
      List<RevisionGuard.BlockingSession> blockers,
      Instant seenAt,
      String watchProblem,
      int attempts,
      String verb) {
    StringBuilder text = new StringBuilder();
    String attribute = lock ? "lockTimeout" : "statementTimeout";
    String source =
        (lock ? info.lockTimeout() : info.statementTimeout()) != null
            ? "@Revision(" + attribute + " = \"" + duration(timeout) + "\")"
            : "setting revision" + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
    if (lock && timeout.isZero()) {
      // No lock_timeout was set: the statement asked not to wait (NOWAIT) or set its own.
      text.append("the statement could not take a lock (NOWAIT, or a lock_timeout it set itself)");
    } else if (lock) {
      text.append("the statement waited longer than lock_timeout ")
          .append(duration(timeout))
          .append(" (")
          .append(source)
          .append(") for a lock");
    } else if (timeout.isZero()) {
      text.append(
          "the statement was cancelled by another session (pg_cancel_backend) or the server; no"
              + " statement_timeout was set");
    } else {
      text.append("the statement was cancelled: it ran longer than statement_timeout ")
          .append(duration(timeout))
          .append(" (")
          .append(source)
          .append("), or another session cancelled it (pg_cancel_backend)");
    }
    if (!blockers.isEmpty()) {
      text.append(lock ? " held by " : "; it was waiting for a lock held by ")
          .append(blockers.size() == 1 ? "this session" : "these sessions")
          .append(" (seen at ")
          .append(seenAt)
          .append("):");
      for (RevisionGuard.BlockingSession b : blockers) {
        text.append("\n    pid ")
            .append(b.pid())
            .append(", application_name ")
            .append(b.applicationName() == null || b.applicationName().isEmpty()
                ? "(none)"
                : "\"" + b.applicationName() + "\"")
            .append(", state ")
            .append(b.state())
            .append(b.transactionSeconds() == null
                ? ""
                : ", in a transaction for " + b.transactionSeconds() + " s")
            .append(", query: ")
            .append(b.query() == null ? "(none)" : abbreviate(b.query()));
      }
    } else if (lock) {
      text.append("; no blocking session was seen")
          .append(watchProblem == null
              ? " (the wait ended before the first look); while it waits, SELECT * FROM"
                  + " pg_stat_activity WHERE pid = ANY (pg_blocking_pids(<its pid>)) names it"
              : ": looking for one failed: " + watchProblem);
    }
    text.append("\n  ");
    if (lock) {
      text.append(
              blockers.isEmpty()
                  ? "let the blocking transaction finish"
                  : "let " + (blockers.size() == 1 ? "that transaction" : "those transactions")
                      + " finish, or end "
                      + (blockers.size() == 1 ? "it" : "them")
                      + " (SELECT pg_terminate_backend("
                      + blockers.get(0).pid()
                      + "))")
          .append(", then run ")
          .append(verb)
          .append(" again; ")
          .append(
              attempts > 1
                  ? "all " + attempts + " attempts (setting revisionRetries) timed out"
                  : "to retry by itself, set revisionRetries(attempts, delay)")
          .append("; to wait longer, raise ")
          .append(source.startsWith("@") ? "@Revision(lockTimeout)" : "revisionLockTimeout")
          .append(" (a long wait stalls every query queued behind the lock)");
    } else if (timeout.isZero()) {
      text.append("run ").append(verb).append(" again once whoever cancelled it allows");
    } else {
      text.append("if the statement needs longer, raise ")
          .append(
              source.startsWith("@") ? "@Revision(statementTimeout)" : "revisionStatementTimeout")
          .append(" (\"0\" for no limit), then run ")
          .append(verb)
          .append(" again");
    }
    return text.toString();
  }

  /** A CREATE INDEX CONCURRENTLY that would rebuild an invalid index another session builds. */
  static String indexBuildInProgress(
      RevisionInfo info, String index, String table, List<Integer> builders) {
    return revision(info)
        + " would build the invalid index "
        + index
        + " again, but session(s) "
        + builders
        + " are building an index on "
        + table
        + " right now; the invalid index was left as it is. Let that build finish (see"
        + " pg_stat_progress_create_index), then run the command again";
  }

  /** {@code check}'s line for one invalid index, with the fix. */
  static String invalidIndex(String index, String table) {
    return "invalid index "
        + index
        + " on "
        + table
        + ": a CREATE INDEX CONCURRENTLY or REINDEX CONCURRENTLY did not finish, and queries do"
        + " not use it, while writes still maintain it; fix: DROP INDEX CONCURRENTLY "
        + index
        + ", then build it again (upgrade reruns an unfinished revision outside a"
        + " transaction and rebuilds its index; or REINDEX INDEX CONCURRENTLY)";
  }

  /** A backfill without {@code .key(...)}. */
  static String backfillWithoutKey(RevisionInfo info, String name) {
    return "backfill \""
        + name
        + "\" of "
        + revision(info)
        + " has no key; add .key(\"id\") with the table's key columns";
  }

  /** Two backfills of one revision run under one name, so they would share a progress row. */
  static String backfillNamedTwice(RevisionInfo info, String name) {
    return revision(info)
        + " runs two backfills named \""
        + name
        + "\"; give each its own name with .named(\"...\"), so that each keeps its own progress";
  }

  /** The saved last key has another number of values than the backfill's key has columns. */
  static String backfillKeyChanged(
      RevisionInfo info, String name, String lastKey, List<String> keys, String table) {
    return "the saved last key "
        + lastKey
        + " of backfill \""
        + name
        + "\" (revision "
        + info.id()
        + ") does not fit its key ("
        + String.join(", ", keys)
        + "): the key changed while the backfill was half done; restore the key, or delete the"
        + " backfill's row from "
        + table
        + " to start it over";
  }

  /** The hint of a failed chunk: what stays committed, and where the next run resumes. */
  static String backfillChunkRolledBack(
      String name, String lastKey, long rowsDone, String direction) {
    return "backfill \""
        + name
        + "\" rolled back this chunk only; "
        + (lastKey == null
            ? "no chunk was committed before it"
            : "the chunks before it stay committed ("
                + rowsDone
                + " rows, last key "
                + lastKey
                + "), and the next "
                + direction
                + " resumes after that key");
  }

  /** The thread running a backfill was interrupted between chunks. */
  static String backfillInterrupted(RevisionInfo info, String name) {
    return "revision "
        + info.id()
        + ": backfill \""
        + name
        + "\" was interrupted; its committed chunks stay done, and the next run resumes after"
        + " them";
  }

  /** A key value of a type a backfill key cannot have, or NULL. */
  static String backfillKeyValue(String table, String column, Object value) {
    return "the backfill key column "
        + column
        + " of "
        + table
        + (value == null
            ? " is NULL in a row: a key must be unique and not null, as keyset pagination skips"
                + " NULLs; choose a key column declared NOT NULL"
            : " holds a "
                + value.getClass().getSimpleName()
                + " ("
                + value
                + "): a backfill key is of integer or text type; choose such a column, e.g. the"
                + " primary key");
  }
}
