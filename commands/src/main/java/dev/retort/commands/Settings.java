package dev.retort.commands;

import dev.retort.commands.internal.JdbcDataSource;
import dev.retort.commands.internal.NoDatabase;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.TargetSchema;
import dev.retort.runtime.dialect.Dialect;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The connection settings every front end reads the same way: explicit values (command-line
 * options, plugin parameters) first, then {@code RETORT_PASSWORD} for the password, then a
 * properties file with the keys below. Builds the {@link Retort} the commands run on.
 *
 * <pre>{@code
 * # retort.properties, read by the CLI (-c retort.properties) and the Maven plugin
 * retort.url=jdbc:postgresql://db.example.com/app
 * retort.user=deploy
 * retort.password=...
 * retort.versionTable=alembic_version
 * retort.versionTableSchema=ops
 * retort.lockTimeout=30s
 * retort.revisionLockTimeout=5s
 * retort.revisionStatementTimeout=0
 * retort.revisionRetries=3
 * retort.revisionRetryDelay=10s
 * # an empty database for check's drift replay, instead of a schema in the live one
 * retort.scratchUrl=jdbc:postgresql://scratch.example.com/drift_check
 * # the schema the revisions should build, for check's pending changes: one of
 * retort.targetDdl=target/schema.sql
 * retort.targetUrl=jdbc:postgresql://localhost/dev
 * retort.targetUser=dev
 * retort.targetPassword=...
 * }</pre>
 */
public final class Settings {
  public static final String URL = "retort.url";
  public static final String USER = "retort.user";
  public static final String PASSWORD = "retort.password";
  public static final String VERSION_TABLE = "retort.versionTable";
  public static final String VERSION_TABLE_SCHEMA = "retort.versionTableSchema";
  public static final String HISTORY_TABLE = "retort.historyTable";
  public static final String LOCK_TIMEOUT = "retort.lockTimeout";
  public static final String DIALECT = "retort.dialect";
  public static final String REVISION_LOCK_TIMEOUT = "retort.revisionLockTimeout";
  public static final String REVISION_STATEMENT_TIMEOUT = "retort.revisionStatementTimeout";
  public static final String REVISION_RETRIES = "retort.revisionRetries";
  public static final String REVISION_RETRY_DELAY = "retort.revisionRetryDelay";
  public static final String TARGET_URL = "retort.targetUrl";
  public static final String TARGET_USER = "retort.targetUser";
  public static final String TARGET_PASSWORD = "retort.targetPassword";
  public static final String TARGET_DDL = "retort.targetDdl";

  /**
   * The JDBC URL of an empty PostgreSQL database for the drift check's replay (the {@code check}
   * command), reached with the same user and password as the live one unless the URL names its
   * own.
   */
  public static final String SCRATCH_URL = "retort.scratchUrl";

  /** The environment variable the password is read from. */
  public static final String PASSWORD_VARIABLE = "RETORT_PASSWORD";

  /** The environment variable the target database's password is read from. */
  public static final String TARGET_PASSWORD_VARIABLE = "RETORT_TARGET_PASSWORD";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final String url;
  private final String user;
  private final String password;
  private final String versionTable;
  private final String versionTableSchema;
  private final String historyTable;
  private final Duration lockTimeout;
  private final String dialect;
  private final Duration revisionLockTimeout;
  private final Duration revisionStatementTimeout;
  private final Integer revisionRetries;
  private final Duration revisionRetryDelay;
  private final String scratchUrl;
  private final String targetUrl;
  private final String targetUser;
  private final String targetPassword;
  private final Path targetDdl;
  private final Redactor redactor;

  private Settings(Builder b, Properties file) {
    this.url = first(b.url, file.getProperty(URL));
    this.user = first(b.user, file.getProperty(USER));
    this.password = first(b.password, b.environmentPassword, file.getProperty(PASSWORD));
    this.versionTable = first(b.versionTable, file.getProperty(VERSION_TABLE));
    this.versionTableSchema = first(b.versionTableSchema, file.getProperty(VERSION_TABLE_SCHEMA));
    this.historyTable = first(b.historyTable, file.getProperty(HISTORY_TABLE));
    String timeout = first(b.lockTimeout, file.getProperty(LOCK_TIMEOUT));
    this.lockTimeout = timeout == null ? null : parseDuration("lock timeout", timeout);
    this.revisionLockTimeout =
        duration(
            "revision lock timeout",
            first(b.revisionLockTimeout, file.getProperty(REVISION_LOCK_TIMEOUT)));
    this.revisionStatementTimeout =
        duration(
            "revision statement timeout",
            first(b.revisionStatementTimeout, file.getProperty(REVISION_STATEMENT_TIMEOUT)));
    this.revisionRetries =
        attempts(first(b.revisionRetries, file.getProperty(REVISION_RETRIES)));
    this.revisionRetryDelay =
        duration(
            "revision retry delay",
            first(b.revisionRetryDelay, file.getProperty(REVISION_RETRY_DELAY)));
    this.dialect = dialect(first(b.dialect, file.getProperty(DIALECT)), url);
    this.scratchUrl = first(b.scratchUrl, file.getProperty(SCRATCH_URL));
    this.targetUrl = first(b.targetUrl, file.getProperty(TARGET_URL));
    this.targetUser = first(b.targetUser, file.getProperty(TARGET_USER));
    this.targetPassword =
        first(b.targetPassword, b.environmentTargetPassword, file.getProperty(TARGET_PASSWORD));
    String ddl = first(b.targetDdl, blankToNull(file.getProperty(TARGET_DDL)));
    this.targetDdl = ddl == null ? null : Path.of(ddl);
    this.redactor =
        Redactor.ofUrls(
            List.of(nonNull(url), nonNull(targetUrl), nonNull(scratchUrl)), password, targetPassword);
    if (targetUrl != null && targetDdl != null) {
      throw new UsageException(
          "both a target database ("
              + redactor.redact(targetUrl)
              + ") and a target DDL file ("
              + targetDdl
              + ") are set; give one of them");
    }
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The JDBC URL, or null when none was given; may carry credentials, so never print it. */
  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** The lock timeout, or null for Retort's default. */
  public Duration lockTimeout() {
    return lockTimeout;
  }

  /** PostgreSQL's lock_timeout for revisions that set none, or null for Retort's default. */
  public Duration revisionLockTimeout() {
    return revisionLockTimeout;
  }

  /** PostgreSQL's statement_timeout for revisions that set none, or null for Retort's default. */
  public Duration revisionStatementTimeout() {
    return revisionStatementTimeout;
  }

  /** Runs of a revision in all after lock timeouts, or null for Retort's default (1). */
  public Integer revisionRetries() {
    return revisionRetries;
  }

  /** The wait between those runs, or null for Retort's default. */
  public Duration revisionRetryDelay() {
    return revisionRetryDelay;
  }

  /** True when a target schema is set: a target database or a target DDL file. */
  public boolean hasTarget() {
    return targetUrl != null || targetDdl != null;
  }

  /**
   * The target schema the revisions should build, for {@link Retort#compare}: the target database
   * (its driver found through {@code classLoader}) or the target DDL file; null when none is set.
   */
  public TargetSchema target(ClassLoader classLoader) {
    if (targetDdl != null) {
      return TargetSchema.ddl(targetDdl);
    }
    if (targetUrl != null) {
      return TargetSchema.database(
          new JdbcDataSource(targetUrl, targetUser, targetPassword, classLoader, redactor));
    }
    return null;
  }

  /**
   * The target for people, credentials masked: {@code the DDL file target/schema.sql} or {@code the
   * database jdbc:postgresql://localhost/dev}; null when none is set.
   */
  public String targetName() {
    if (targetDdl != null) {
      return "the DDL file " + targetDdl;
    }
    return targetUrl == null ? null : "the database " + redactor.redact(targetUrl);
  }

  /** Masks this configuration's password and URL credentials; use it on every line printed. */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * A {@link Retort} for the registry that {@code classLoader} finds, with these settings. Without a
   * URL, commands that need no database still work; the others fail with a usage error.
   *
   * @param howToGiveUrl how this front end's user sets the URL, for that error
   * @throws UsageException when a setting is wrong or no single registry is on the class path
   */
  public Retort load(ClassLoader classLoader, String howToGiveUrl) {
    RetortConfig.Builder config = Retort.configure().classLoader(classLoader);
    config.dataSource(
        url == null
            ? new NoDatabase(howToGiveUrl)
            : new JdbcDataSource(url, user, password, classLoader, redactor));
    try {
      if (versionTable != null) {
        config.versionTable(versionTable);
      }
      if (versionTableSchema != null) {
        config.versionTableSchema(versionTableSchema);
      }
      if (historyTable != null) {
        config.historyTable(historyTable);
      }
      if (lockTimeout != null) {
        config.lockTimeout(lockTimeout);
      }
      if (revisionLockTimeout != null) {
        config.revisionLockTimeout(revisionLockTimeout);
      }
      if (revisionStatementTimeout != null) {
        config.revisionStatementTimeout(revisionStatementTimeout);
      }
      if (revisionRetries != null || revisionRetryDelay != null) {
        config.revisionRetries(
            revisionRetries != null ? revisionRetries : 1,
            revisionRetryDelay != null
                ? revisionRetryDelay
                : RetortConfig.DEFAULT_REVISION_RETRY_DELAY);
      }
      if (scratchUrl != null) {
        config.scratchDataSource(
            new JdbcDataSource(scratchUrl, user, password, classLoader, redactor));
      }
      if (dialect != null) {
        // Known up front, so that offline scripts (--sql) need no connection, not even a URL.
        config.dialect(dialect.equals("postgresql") ? Dialect.postgres() : Dialect.sqlite());
      }
      return config.load();
    } catch (RetortException e) {
      // A setting or a class path that cannot work: nothing ran, so it is a usage error.
      throw new UsageException(redactor.redact(e.getMessage()));
    }
  }

  /** postgresql, sqlite, or null to detect it from a connection. */
  private static String dialect(String given, String url) {
    if (given != null) {
      String name = given.strip().toLowerCase(Locale.ROOT);
      if (!name.equals("postgresql") && !name.equals("sqlite")) {
        throw new UsageException(
            "dialect \"" + given + "\" is not one Retort knows; use postgresql or sqlite");
      }
      return name;
    }
    if (url != null && url.startsWith("jdbc:postgresql:")) {
      return "postgresql";
    }
    if (url != null && url.startsWith("jdbc:sqlite:")) {
      return "sqlite";
    }
    return null;
  }

  private static Duration duration(String what, String text) {
    return text == null ? null : parseDuration(what, text);
  }

  /** Runs of a revision in all: 1 for no retry. */
  private static Integer attempts(String text) {
    if (text == null) {
      return null;
    }
    try {
      int attempts = Integer.parseInt(text.strip());
      if (attempts >= 1) {
        return attempts;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(
        "revision retries \""
            + text
            + "\" is not a number of attempts; write 1 for no retry, or 3 to run a revision up to"
            + " three times after lock timeouts");
  }

  private static Duration parseDuration(String what, String text) {
    Matcher simple = SIMPLE_DURATION.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      String unit = simple.group(2) == null ? "s" : simple.group(2);
      return switch (unit) {
        case "ms" -> Duration.ofMillis(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofSeconds(amount);
      };
    }
    try {
      return Duration.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new UsageException(
          what
              + " \""
              + text
              + "\" is not a duration; write 30s, 5m, 500ms or an ISO-8601 duration such as"
              + " PT30S");
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }

  /** Collects settings; {@link #build()} merges them with the environment and the file. */
  public static final class Builder {
    private String url;
    private String user;
    private String password;
    private String environmentPassword;
    private String versionTable;
    private String versionTableSchema;
    private String historyTable;
    private String lockTimeout;
    private String dialect;
    private String revisionLockTimeout;
    private String revisionStatementTimeout;
    private String revisionRetries;
    private String revisionRetryDelay;
    private String scratchUrl;
    private String targetUrl;
    private String targetUser;
    private String targetPassword;
    private String environmentTargetPassword;
    private String targetDdl;
    private Path propertiesFile;

    private Builder() {}

    /** The JDBC URL. */
    public Builder url(String url) {
      this.url = blankToNull(url);
      return this;
    }

    public Builder user(String user) {
      this.user = blankToNull(user);
      return this;
    }

    /** A password given explicitly (a prompt, a plugin parameter); wins over the others. */
    public Builder password(String password) {
      this.password = password == null || password.isEmpty() ? null : password;
      return this;
    }

    /** The value of {@value #PASSWORD_VARIABLE}, read by the front end; wins over the file. */
    public Builder environmentPassword(String password) {
      this.environmentPassword = password == null || password.isEmpty() ? null : password;
      return this;
    }

    public Builder versionTable(String versionTable) {
      this.versionTable = blankToNull(versionTable);
      return this;
    }

    /** The schema of the version and history tables: Alembic's {@code version_table_schema}. */
    public Builder versionTableSchema(String versionTableSchema) {
      this.versionTableSchema = blankToNull(versionTableSchema);
      return this;
    }

    public Builder historyTable(String historyTable) {
      this.historyTable = blankToNull(historyTable);
      return this;
    }

    /** {@code 30s}, {@code 5m}, {@code 500ms}, {@code 2h}, a number of seconds, or ISO-8601. */
    public Builder lockTimeout(String lockTimeout) {
      this.lockTimeout = blankToNull(lockTimeout);
      return this;
    }

    /**
     * PostgreSQL's {@code lock_timeout} for revisions that set none: {@code 10s} (the default),
     * {@code 0} for no limit; the formats of {@link #lockTimeout}.
     */
    public Builder revisionLockTimeout(String timeout) {
      this.revisionLockTimeout = blankToNull(timeout);
      return this;
    }

    /** PostgreSQL's {@code statement_timeout} for revisions that set none; {@code 0}, the default. */
    public Builder revisionStatementTimeout(String timeout) {
      this.revisionStatementTimeout = blankToNull(timeout);
      return this;
    }

    /** Runs of a revision in all after lock timeouts: {@code 1}, the default, for no retry. */
    public Builder revisionRetries(String attempts) {
      this.revisionRetries = blankToNull(attempts);
      return this;
    }

    /** The wait between those runs: {@code 10s} by default. */
    public Builder revisionRetryDelay(String delay) {
      this.revisionRetryDelay = blankToNull(delay);
      return this;
    }

    /**
     * {@code postgresql} or {@code sqlite}; by default read from the URL's scheme, else detected
     * from a connection. Offline scripts without a URL need it.
     */
    public Builder dialect(String dialect) {
      this.dialect = blankToNull(dialect);
      return this;
    }

    /** See {@link Settings#SCRATCH_URL}. */
    public Builder scratchUrl(String scratchUrl) {
      this.scratchUrl = blankToNull(scratchUrl);
      return this;
    }

    /**
     * The JDBC URL of a target database: the schema the revisions should build, for {@code check}'s
     * pending changes. Only read. Not together with {@link #targetDdl}.
     */
    public Builder targetUrl(String targetUrl) {
      this.targetUrl = blankToNull(targetUrl);
      return this;
    }

    public Builder targetUser(String targetUser) {
      this.targetUser = blankToNull(targetUser);
      return this;
    }

    /** The target database's password given explicitly; wins over the others. */
    public Builder targetPassword(String password) {
      this.targetPassword = password == null || password.isEmpty() ? null : password;
      return this;
    }

    /** The value of {@value #TARGET_PASSWORD_VARIABLE}, read by the front end; wins over the file. */
    public Builder environmentTargetPassword(String password) {
      this.environmentTargetPassword = password == null || password.isEmpty() ? null : password;
      return this;
    }

    /**
     * A file of DDL that builds the schema the revisions should build (Hibernate's schema export,
     * say), run on a scratch database of the Retort's dialect. Not together with {@link
     * #targetUrl}.
     */
    public Builder targetDdl(Path targetDdl) {
      this.targetDdl = targetDdl == null ? null : blankToNull(targetDdl.toString());
      return this;
    }

    /** A properties file with {@code retort.*} keys; values given here win over it. */
    public Builder propertiesFile(Path propertiesFile) {
      this.propertiesFile = propertiesFile;
      return this;
    }

    /**
     * Merges the settings.
     *
     * @throws UsageException when the properties file cannot be read or a value is malformed
     */
    public Settings build() {
      Properties file = new Properties();
      if (propertiesFile != null) {
        try (Reader reader = Files.newBufferedReader(propertiesFile)) {
          file.load(reader);
        } catch (NoSuchFileException e) {
          throw new UsageException(
              "properties file " + propertiesFile + " does not exist; check the -c path");
        } catch (IOException | IllegalArgumentException e) {
          throw new UsageException(
              "cannot read properties file " + propertiesFile + ": " + e.getMessage());
        }
      }
      return new Settings(this, file);
    }
  }
}
