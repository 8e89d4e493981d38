package dev.retort.runtime;

import dev.retort.runtime.internal.DriftCheck;
import dev.retort.runtime.internal.GuardSettings;
import dev.retort.runtime.internal.Migrator;
import dev.retort.runtime.internal.OfflineScripts;
import dev.retort.runtime.internal.OneConnectionDataSource;
import dev.retort.runtime.internal.TargetComparison;
import java.sql.Connection;
import java.util.List;
import java.util.Objects;

/**
 * Migrates one database with the revisions of one generated registry. The commands are Alembic's.
 *
 * <pre>{@code
 * Retort retort = Retort.configure().dataSource(dataSource).load();
 * retort.upgrade("head");
 * }</pre>
 *
 * <p>Targets are written as in Alembic: {@code head}, {@code base}, a full revision id, a unique
 * prefix of one, {@code +N} or {@code -N} (N revisions from the current state) and {@code <id>+N}
 * or {@code <id>-N} (N revisions past or below that revision).
 *
 * <p>Each revision runs in its own transaction together with its version-row change, under a lock
 * that serialises every Retort process migrating the same database. Instances are immutable and
 * thread-safe; each command opens its own connection (an instance from {@link #onConnection}
 * uses the one it was given, from one thread at a time).
 */
public final class Retort {
  private final RetortConfig config;
  private final Migrator migrator;

  Retort(RetortConfig config) {
    this.config = config;
    this.migrator =
        new Migrator(
            config.dataSource(),
            config.registry(),
            config.qualified(config.versionTable()),
            config.qualified(config.historyTable()),
            config.lockTimeout(),
            config.dialect(),
            GuardSettings.of(config));
  }

  /** Made per script, so that the start-up path loads none of the offline classes. */
  private OfflineScripts scripts() {
    return new OfflineScripts(
        config.registry(),
        migrator::graph,
        config.dataSource(),
        config.dialect(),
        config.qualified(config.versionTable()),
        config.qualified(config.historyTable()));
  }

  /** Starts a configuration. */
  public static RetortConfig.Builder configure() {
    return new RetortConfig.Builder();
  }

  /**
   * This Retort on one open connection of its database: every command of the returned instance
   * runs on {@code connection} instead of opening its own, and leaves it open. For a caller that
   * runs many commands in a row, as the test kit's stairway does: a new SQLite connection parses
   * the whole schema on its first statement, and a new PostgreSQL connection starts a server
   * process with cold catalogue caches, so per-command connections make each command cost more as
   * the schema grows.
   *
   * <p>Each command hands the connection back as it found it: in the same auto-commit mode, with
   * its transactions ended and its lock released. The returned instance is for one thread at a
   * time (a connection is); the caller closes the connection when done. {@link #check()} reads the
   * live schema on it too; on PostgreSQL its scratch schema is reached through it as well.
   *
   * <pre>{@code
   * try (java.sql.Connection connection = dataSource.getConnection()) {
   *   Retort session = retort.onConnection(connection);
   *   session.upgrade("+1");
   *   session.downgrade("-1");
   * } catch (java.sql.SQLException e) {
   *   throw new IllegalStateException(e);
   * }
   * }</pre>
   */
  public Retort onConnection(Connection connection) {
    return new Retort(config.withDataSource(new OneConnectionDataSource(connection)));
  }

  /** The settings this instance was loaded with. */
  public RetortConfig config() {
    return config;
  }

  /**
   * Applies every revision needed to reach {@code target}, in order, each in its own transaction.
   * At head, this reads the version table once and loads no revision class.
   *
   * @throws RevisionFailedException when a revision fails; it and its version row were rolled back
   * @throws DatabaseStateException when the version table names a revision this build lacks
   * @throws InvalidTargetException when {@code target} names no single revision
   */
  public MigrationResult upgrade(String target) {
    return migrator.upgrade(target, MigrationListener.NONE);
  }

  /**
   * Like {@link #upgrade(String)}, telling {@code listener} about each revision once it is
   * committed.
   */
  public MigrationResult upgrade(String target, MigrationListener listener) {
    return migrator.upgrade(target, Objects.requireNonNull(listener, "listener == null"));
  }

  /**
   * Reverts applied revisions down to {@code target}, newest first, each in its own transaction.
   * Downgrading to a revision reverts everything applied on top of it; {@code base} reverts all.
   *
   * @throws InvalidTargetException when {@code target} is not applied, or the way down crosses an
   *     irreversible revision (checked before anything runs)
   */
  public MigrationResult downgrade(String target) {
    return migrator.downgrade(target, MigrationListener.NONE);
  }

  /**
   * Like {@link #downgrade(String)}, telling {@code listener} about each revision once it is
   * committed.
   */
  public MigrationResult downgrade(String target, MigrationListener listener) {
    return migrator.downgrade(target, Objects.requireNonNull(listener, "listener == null"));
  }

  /**
   * Replaces the version rows with {@code target} without running any revision: {@code head},
   * {@code base} or one revision. Works whatever the version table holds, including ids that this
   * build does not declare, so it is the recovery path from a bad stamp.
   */
  public StampResult stamp(String target) {
    return migrator.stamp(target);
  }

  /**
   * Checks that every applied revision is unchanged since it ran: the checksum the history table
   * recorded then equals this build's. {@code upgrade} and {@code downgrade} run the same check
   * before they change anything; this one changes nothing, for CI and for a database at head.
   *
   * @throws ChecksumMismatchException naming the first revision that changed
   */
  public ValidationResult validate() {
    return migrator.validate();
  }

  /**
   * Records this build's checksum for one applied revision, after a deliberate edit that needs no
   * migration (a fix to a revision that databases already ran correctly, say). Runs nothing; the
   * history table keeps both checksums.
   *
   * @throws InvalidTargetException when the revision is unknown or not applied
   */
  public AcceptedChecksum acceptChecksum(String revision) {
    return migrator.acceptChecksum(revision);
  }

  /**
   * Checks the live schema against its revisions: replays the revisions the version table names
   * into a scratch database of the same kind (SQLite: a temporary file; PostgreSQL: a temporary
   * schema {@code retort_scratch_<pid>_<millis>} in the same database, with only it on the
   * {@code search_path}; or such a schema in {@link RetortConfig.Builder#scratchDataSource}'s
   * database), reads both schemas and reports every difference. The live schema is only read;
   * the scratch is removed afterwards, also on failure. Retort's own tables are left out.
   *
   * @throws RetortException when a revision cannot be replayed into the scratch, naming it; when
   *     the scratch data source is the live database, is not empty, or is not PostgreSQL
   * @throws DatabaseStateException when the version table names a revision this build lacks
   */
  public DriftReport check() {
    return DriftCheck.run(
        config.dataSource(),
        config.scratchDataSource(),
        config.registry(),
        config.versionTable(),
        config.historyTable(),
        config.ownTables(),
        config.lockTimeout(),
        config.dialect());
  }

  /**
   * Compares the schema this build's revisions create with a target schema: replays every revision
   * from base to head into an empty scratch database of this Retort's dialect, reads the target's
   * schema (a database, or DDL run in a second scratch) and reports every difference. The
   * differences are the pending changes, what a next revision must do; none means that the
   * revisions build the target exactly. Retort's own tables are left out on both sides.
   *
   * <pre>{@code
   * SchemaComparison pending = retort.compare(TargetSchema.ddl(Path.of("target/schema.sql")));
   * pending.hasPendingChanges(); // true when someone changed the model and forgot the revision
   * }</pre>
   *
   * <p>This Retort's database is neither read nor written: it gives the dialect (unless {@link
   * RetortConfig.Builder#dialect} is set) and, on PostgreSQL, holds the two scratch schemas {@code
   * retort_scratch_<pid>_<millis>} while the comparison runs (the user needs the CREATE privilege);
   * on SQLite the scratches are temporary files. Both are removed afterwards, also on failure.
   *
   * @throws RetortException when a statement of the target DDL fails (naming the file, the line,
   *     the statement and the database's message), when the target database is of another kind
   *     than this Retort's, or when a revision cannot be replayed into the scratch, naming it
   */
  public SchemaComparison compare(TargetSchema target) {
    return TargetComparison.run(
        config.dataSource(),
        config.registry(),
        config.versionTable(),
        config.historyTable(),
        config.ownTables(),
        config.lockTimeout(),
        config.dialect(),
        Objects.requireNonNull(target, "target == null"));
  }

  /**
   * Creates the version and history tables if they do not exist, as Alembic's {@code
   * ensure_version} does, and changes nothing else.
   */
  public void ensureVersionTable() {
    migrator.ensureVersionTable();
  }

  /**
   * The revision that {@code idOrPrefix} names in this build: a full id or a unique prefix of one.
   * Needs no database.
   *
   * @throws InvalidTargetException when no revision, or more than one, matches
   */
  public RevisionInfo revision(String idOrPrefix) {
    return migrator.revision(Objects.requireNonNull(idOrPrefix, "idOrPrefix == null"));
  }

  /**
   * Writes the SQL of an upgrade without running it, for a DBA to review and run: Alembic's {@code
   * upgrade [start:]end --sql}. Connects to no database; see {@link SqlScript} for the script's
   * layout.
   *
   * <pre>{@code
   * String all = retort.upgradeScript("head").text();            // from an empty database
   * String rest = retort.upgradeScript("9d2c41e07a55:head").text(); // from 9d2c41e07a55
   * }</pre>
   *
   * <p>{@code range} is {@code end} or {@code start:end}. {@code start} is {@code base} (the
   * default), {@code head} or a revision id or unique prefix, and stands for the version rows the
   * target database is at; {@code end} is any target of {@link #upgrade}, relative ones counted
   * from {@code start}. The dialect is {@link RetortConfig.Builder#dialect}'s; without it, the one
   * a JDBC URL names ({@code dataSource(url, ...)}), which needs no connection; for any other data
   * source, the one its metadata reports (one connection that reads no table). SQLite scripts need
   * the SQLite JDBC driver on the class path: the revisions are replayed into a scratch in-memory
   * database, so that a batch rebuild sees each table as it is at that point.
   *
   * @throws RetortException naming the revision, when a revision reads the database ({@code
   *     op.connection()}) or cannot be rendered offline
   * @throws InvalidTargetException when {@code range} names no revision
   */
  public SqlScript upgradeScript(String range) {
    return upgradeScript(range, SqlScript.DatabaseReads.FAIL);
  }

  /**
   * {@link #upgradeScript(String)}, choosing what happens to a revision that reads the database:
   * {@link SqlScript.DatabaseReads#PLACEHOLDER} writes a comment in its place instead of failing.
   */
  public SqlScript upgradeScript(String range, SqlScript.DatabaseReads reads) {
    return scripts().upgrade(range, reads);
  }

  /**
   * Writes the SQL of a downgrade without running it: Alembic's {@code downgrade start:end --sql}.
   * {@code start} is required (offline, the version table cannot be read): {@code head} or a
   * revision id; {@code end} is any target of {@link #downgrade}, relative ones counted from {@code
   * start}. Otherwise as {@link #upgradeScript(String)}.
   *
   * <pre>{@code
   * String sql = retort.downgradeScript("head:-1").text();
   * }</pre>
   */
  public SqlScript downgradeScript(String range) {
    return downgradeScript(range, SqlScript.DatabaseReads.FAIL);
  }

  /** {@link #downgradeScript(String)}, choosing what happens to a revision that reads data. */
  public SqlScript downgradeScript(String range, SqlScript.DatabaseReads reads) {
    return scripts().downgrade(range, reads);
  }

  /** The revisions the version table names. */
  public CurrentRevisions current() {
    return migrator.current();
  }

  /** This build's heads; needs no database. */
  public List<RevisionInfo> heads() {
    return migrator.heads();
  }

  /** Every revision, newest first, marked with what the database has applied. */
  public List<HistoryEntry> history() {
    return migrator.history();
  }

  /**
   * The rows of the history table, newest first: every revision run, stamp and accepted checksum
   * recorded in this database, with when, by whom, how long and which checksum. Empty for a
   * database Retort never changed. Unlike {@link #history()}, which lists this build's revisions,
   * this reads what happened to the database.
   */
  public List<HistoryRow> historyRows() {
    return migrator.historyRows();
  }

  /**
   * The backfills ({@link dev.retort.runtime.ops.Operations#backfill}) that have committed chunks
   * and whose revision is not yet recorded, with their rows done and last key: a backfill running
   * now in another process, or one that was killed and resumes on the next upgrade. Empty when none
   * is, or when Retort's backfill table does not exist. It can be read while the backfill runs.
   */
  public List<BackfillProgress> backfills() {
    return migrator.backfills();
  }
}
