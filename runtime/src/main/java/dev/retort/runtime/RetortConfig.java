package dev.retort.runtime;

import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.internal.DriverManagerDataSource;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Retort's settings, checked once by {@link Builder#load()}. Immutable.
 *
 * <pre>{@code
 * Retort retort = Retort.configure().dataSource(dataSource).load();
 * retort.upgrade("head");
 * }</pre>
 */
public final class RetortConfig {
  /** The default version table, Alembic's layout under Retort's name. */
  public static final String DEFAULT_VERSION_TABLE = "retort_version";

  /** The default history table. */
  public static final String DEFAULT_HISTORY_TABLE = "retort_history";

  /** How long a command waits for another process's migration by default. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofMinutes(5);

  /**
   * PostgreSQL's {@code lock_timeout} for revisions that set none: 10 seconds, the value
   * strong_migrations' generator writes. A DDL statement waiting for its lock makes every later
   * query on the table queue behind it, so the application stalls for as long as the migration
   * waits; 10 seconds is far longer than a healthy workload holds a row or table lock, and short
   * enough that a stall stays brief.
   */
  public static final Duration DEFAULT_REVISION_LOCK_TIMEOUT = Duration.ofSeconds(10);

  /** How long to wait before running a revision again after a lock timeout, by default. */
  public static final Duration DEFAULT_REVISION_RETRY_DELAY = Duration.ofSeconds(10);

  /** PostgreSQL's largest timeout: its settings are an int of milliseconds. */
  private static final Duration LARGEST_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

  private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final RevisionRegistry registry;
  private final String versionTable;
  private final String versionTableSchema;
  private final String historyTable;
  private final Duration lockTimeout;
  private final Dialect dialect;
  private final Duration revisionLockTimeout;
  private final Duration revisionStatementTimeout;
  private final int revisionAttempts;
  private final Duration revisionRetryDelay;
  private final DataSource scratchDataSource;

  private RetortConfig(Builder builder, RevisionRegistry registry) {
    this.dataSource = builder.dataSource;
    this.registry = registry;
    this.versionTable = builder.versionTable;
    this.versionTableSchema = builder.versionTableSchema;
    this.historyTable = builder.historyTable;
    this.lockTimeout = builder.lockTimeout;
    this.dialect = builder.dialect;
    this.revisionLockTimeout = builder.revisionLockTimeout;
    this.revisionStatementTimeout = builder.revisionStatementTimeout;
    this.revisionAttempts = builder.revisionAttempts;
    this.revisionRetryDelay = builder.revisionRetryDelay;
    this.scratchDataSource = builder.scratchDataSource;
  }

  /** These settings with another data source: the same database reached another way. */
  RetortConfig withDataSource(DataSource other) {
    return new RetortConfig(this, other);
  }

  private RetortConfig(RetortConfig settings, DataSource dataSource) {
    this.dataSource = dataSource;
    this.registry = settings.registry;
    this.versionTable = settings.versionTable;
    this.versionTableSchema = settings.versionTableSchema;
    this.historyTable = settings.historyTable;
    this.lockTimeout = settings.lockTimeout;
    this.dialect = settings.dialect;
    this.revisionLockTimeout = settings.revisionLockTimeout;
    this.revisionStatementTimeout = settings.revisionStatementTimeout;
    this.revisionAttempts = settings.revisionAttempts;
    this.revisionRetryDelay = settings.revisionRetryDelay;
    this.scratchDataSource = settings.scratchDataSource;
  }

  /** The database; null for a Retort loaded with only a dialect, to write offline scripts. */
  public DataSource dataSource() {
    return dataSource;
  }

  public RevisionRegistry registry() {
    return registry;
  }

  public String versionTable() {
    return versionTable;
  }

  /**
   * The schema of the version and history tables, as Alembic's {@code version_table_schema}; null,
   * the default, for the connection's default schema.
   */
  public String versionTableSchema() {
    return versionTableSchema;
  }

  public String historyTable() {
    return historyTable;
  }

  /**
   * The tables Retort keeps for itself, which every schema comparison (drift check, pending
   * changes, the test kit) leaves out: the version table, the history table and the backfill
   * progress table.
   */
  public List<String> ownTables() {
    return List.of(
        versionTable, historyTable, dev.retort.runtime.history.BackfillStore.tableFor(versionTable));
  }

  /** {@code table} in the version table's schema: {@code ops.retort_version}, or as it is. */
  String qualified(String table) {
    return versionTableSchema == null ? table : versionTableSchema + "." + table;
  }

  public Duration lockTimeout() {
    return lockTimeout;
  }

  /**
   * The database {@link Retort#check()} replays the revisions into, or null for the default (a
   * temporary schema in the live database, or a temporary SQLite file).
   */
  public DataSource scratchDataSource() {
    return scratchDataSource;
  }

  /** The dialect set explicitly, or null to detect it from each connection. */
  public Dialect dialect() {
    return dialect;
  }

  /** PostgreSQL's {@code lock_timeout} for revisions that set none; zero for no limit. */
  public Duration revisionLockTimeout() {
    return revisionLockTimeout;
  }

  /** PostgreSQL's {@code statement_timeout} for revisions that set none; zero for no limit. */
  public Duration revisionStatementTimeout() {
    return revisionStatementTimeout;
  }

  /** How many times a revision runs before its lock timeout fails the command; 1, no retry. */
  public int revisionAttempts() {
    return revisionAttempts;
  }

  /** The wait before a revision runs again after a lock timeout. */
  public Duration revisionRetryDelay() {
    return revisionRetryDelay;
  }

  /** Collects settings; {@link #load()} checks them and returns a ready {@link Retort}. */
  public static final class Builder {
    private DataSource dataSource;
    private RevisionRegistry registry;
    private String versionTable = DEFAULT_VERSION_TABLE;
    private String versionTableSchema;
    private String historyTable = DEFAULT_HISTORY_TABLE;
    private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;
    private Dialect dialect;
    private ClassLoader classLoader;
    private Duration revisionLockTimeout = DEFAULT_REVISION_LOCK_TIMEOUT;
    private Duration revisionStatementTimeout = Duration.ZERO;
    private int revisionAttempts = 1;
    private Duration revisionRetryDelay = DEFAULT_REVISION_RETRY_DELAY;
    private DataSource scratchDataSource;

    Builder() {}

    /**
     * The database to migrate. Required, except by a Retort that only writes offline scripts
     * ({@link Retort#upgradeScript}), for which {@link #dialect} is enough.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource == null");
      return this;
    }

    /** The database to migrate, by JDBC URL, for a driver on the class path. */
    public Builder dataSource(String url) {
      return dataSource(url, null, null);
    }

    /** The database to migrate, by JDBC URL and credentials. The credentials are never logged. */
    public Builder dataSource(String url, String user, String password) {
      Objects.requireNonNull(url, "url == null");
      return dataSource(new DriverManagerDataSource(url, user, password));
    }

    /**
     * A PostgreSQL database on which {@link Retort#check()} replays the revisions, instead of a
     * temporary schema in the live database: for a live database user without the CREATE
     * privilege, or a live database that should not be written at all. It must be another
     * database than the live one (checked by server and name) and its current schema must be
     * empty: the check refuses otherwise, and never drops anything it did not create. The replay
     * runs in a schema {@code retort_scratch_<pid>_<millis>} that the check creates in it and
     * drops afterwards, so its user needs the CREATE privilege there.
     */
    public Builder scratchDataSource(DataSource scratch) {
      this.scratchDataSource = Objects.requireNonNull(scratch, "scratch == null");
      return this;
    }

    /** {@link #scratchDataSource(DataSource)} by JDBC URL and credentials, never logged. */
    public Builder scratchDataSource(String url, String user, String password) {
      Objects.requireNonNull(url, "url == null");
      return scratchDataSource(new DriverManagerDataSource(url, user, password));
    }

    /**
     * The registry to migrate with, usually {@code RetortRegistry.INSTANCE} from the revisions'
     * package. Optional: without it, {@link #load()} finds the one generated registry on the class
     * path through {@link ServiceLoader}.
     */
    public Builder registry(RevisionRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry == null");
      return this;
    }

    /**
     * The version table's name; default {@value #DEFAULT_VERSION_TABLE}. Teams moving from Alembic
     * can use {@code alembic_version}: the layout is the same.
     */
    public Builder versionTable(String versionTable) {
      this.versionTable = Objects.requireNonNull(versionTable, "versionTable == null");
      return this;
    }

    /**
     * The schema that holds the version table and the history table, like Alembic's {@code
     * version_table_schema}; default none, which means the connection's default schema ({@code
     * search_path} on PostgreSQL, {@code main} on SQLite). The schema must exist: Retort creates
     * tables in it, not the schema itself. On SQLite a schema is an attached database, which must
     * be attached on every connection the data source opens. On PostgreSQL the advisory-lock key is
     * then derived from {@code schema.table}.
     */
    public Builder versionTableSchema(String schema) {
      this.versionTableSchema = Objects.requireNonNull(schema, "schema == null");
      return this;
    }

    /**
     * The history table's name; default {@value #DEFAULT_HISTORY_TABLE}. It records every revision
     * run, stamp and accepted checksum, in the transaction of the change it records.
     */
    public Builder historyTable(String historyTable) {
      this.historyTable = Objects.requireNonNull(historyTable, "historyTable == null");
      return this;
    }

    /** How long to wait for another process's migration before failing; default 5 minutes. */
    public Builder lockTimeout(Duration lockTimeout) {
      this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout == null");
      return this;
    }

    /**
     * PostgreSQL's {@code lock_timeout} for the statements of each revision that sets none with
     * {@code @Revision(lockTimeout = ...)}: how long one statement may wait for a lock before it
     * fails. Default {@link #DEFAULT_REVISION_LOCK_TIMEOUT 10 seconds}; zero for no limit. Unlike
     * {@link #lockTimeout}, which bounds the wait for another migration, this bounds the wait for
     * the application's own transactions. Not used on SQLite, whose revisions run under the
     * database's write lock, taken before they start.
     */
    public Builder revisionLockTimeout(Duration timeout) {
      this.revisionLockTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * PostgreSQL's {@code statement_timeout} for the statements of each revision that sets none
     * with {@code @Revision(statementTimeout = ...)}. Default zero, no limit: a revision that
     * rewrites a large table may rightly run for an hour. Not used on SQLite.
     */
    public Builder revisionStatementTimeout(Duration timeout) {
      this.revisionStatementTimeout = Objects.requireNonNull(timeout, "timeout == null");
      return this;
    }

    /**
     * Runs a revision again when one of its statements fails on the lock timeout: up to {@code
     * attempts} runs in all, {@code delay} apart, each logged. Default 1 attempt, no retry. Each
     * failed transactional run is rolled back before the next; a revision marked {@code
     * transactional = false} runs again from its first statement, so it must be safe to rerun, as
     * such revisions must be anyway.
     */
    public Builder revisionRetries(int attempts, Duration delay) {
      this.revisionAttempts = attempts;
      this.revisionRetryDelay = Objects.requireNonNull(delay, "delay == null");
      return this;
    }

    /** The dialect, when it should not be detected from the connection's metadata. */
    public Builder dialect(Dialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect == null");
      return this;
    }

    /** The class loader to find the registry with; default the thread's context class loader. */
    public Builder classLoader(ClassLoader classLoader) {
      this.classLoader = Objects.requireNonNull(classLoader, "classLoader == null");
      return this;
    }

    /**
     * Checks the settings and returns a {@link Retort}. Opens no connection.
     *
     * @throws RetortException naming the setting at fault
     */
    public Retort load() {
      if (dataSource == null && dialect == null) {
        throw new RetortException(
            "dataSource is not set; call dataSource(DataSource) or dataSource(jdbcUrl, user,"
                + " password)");
      }
      checkTableName("versionTable", versionTable);
      checkTableName("historyTable", historyTable);
      if (versionTableSchema != null) {
        checkTableName("versionTableSchema", versionTableSchema);
      }
      if (versionTable.equalsIgnoreCase(historyTable)) {
        throw new RetortException(
            "versionTable and historyTable are both \""
                + versionTable
                + "\"; give them different names");
      }
      if (lockTimeout.isNegative()) {
        throw new RetortException("lockTimeout " + lockTimeout + " is negative; use zero or more");
      }
      checkTimeout("revisionLockTimeout", revisionLockTimeout);
      checkTimeout("revisionStatementTimeout", revisionStatementTimeout);
      if (revisionAttempts < 1) {
        throw new RetortException(
            "revisionRetries attempts "
                + revisionAttempts
                + " is below 1; use 1 for no retry, or more to run a revision again after a lock"
                + " timeout");
      }
      if (revisionRetryDelay.isNegative()) {
        throw new RetortException(
            "revisionRetries delay " + revisionRetryDelay + " is negative; use zero or more");
      }
      return new Retort(new RetortConfig(this, registry != null ? registry : findRegistry()));
    }

    private static void checkTimeout(String setting, Duration timeout) {
      if (timeout.isNegative() || timeout.compareTo(LARGEST_TIMEOUT) > 0) {
        throw new RetortException(
            setting
                + " "
                + timeout
                + " is out of range; use zero for no limit, or up to "
                + LARGEST_TIMEOUT.toMillis()
                + " ms, PostgreSQL's largest");
      }
    }

    private static void checkTableName(String setting, String name) {
      if (!PLAIN_IDENTIFIER.matcher(name).matches()) {
        int dot = name.indexOf('.');
        throw new RetortException(
            setting
                + " \""
                + name
                + "\" is not a plain SQL name; use 1 to 63 letters, digits and underscores, not"
                + " starting with a digit"
                + (dot > 0 && !setting.equals("versionTableSchema")
                    ? "; to put the table in a schema, use versionTableSchema(\""
                        + name.substring(0, dot)
                        + "\")"
                    : ""));
      }
    }

    private RevisionRegistry findRegistry() {
      ClassLoader loader = classLoader;
      if (loader == null) {
        loader = Thread.currentThread().getContextClassLoader();
      }
      if (loader == null) {
        loader = RetortConfig.class.getClassLoader();
      }
      List<ServiceLoader.Provider<RevisionRegistry>> found =
          ServiceLoader.load(RevisionRegistry.class, loader).stream().collect(Collectors.toList());
      if (found.isEmpty()) {
        // The silent no-op upgrade: revisions compiled without the processor run nothing at all.
        throw new RetortException(
            "no revision registry on the class path: no RetortRegistry was generated. Put"
                + " dev.retort:retort-processor in maven-compiler-plugin's annotationProcessorPaths"
                + " (JDK 23 and later do not run processors found on the class path); the plugin"
                + " must be 3.5 or later, since older versions ignore annotationProcessorPaths"
                + " without a word (Maven 3.8 defaults to 3.1), so pin its version. Then rebuild,"
                + " or pass a registry with registry(...)");
      }
      if (found.size() > 1) {
        throw new RetortException(
            "found "
                + found.size()
                + " revision registries on the class path: "
                + found.stream()
                    .map(p -> p.type().getName())
                    .sorted()
                    .collect(Collectors.joining(", "))
                + "; each module with @Revision classes generates one. Choose with"
                + " registry(<package>.RetortRegistry.INSTANCE)");
      }
      return found.get(0).get();
    }
  }
}
