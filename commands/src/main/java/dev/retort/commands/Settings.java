package dev.retort.commands;

import dev.retort.commands.internal.JdbcDataSource;
import dev.retort.commands.internal.NoDatabase;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.Dialect;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
 * retort.scratchUrl=jdbc:postgresql://scratch.example.com/drift_check
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

  /**
   * The JDBC URL of an empty PostgreSQL database for the drift check's replay (the {@code check}
   * command), reached with the same user and password as the live one unless the URL names its
   * own.
   */
  public static final String SCRATCH_URL = "retort.scratchUrl";

  /** The environment variable the password is read from. */
  public static final String PASSWORD_VARIABLE = "RETORT_PASSWORD";

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

  private final String url;
  private final String user;
  private final String password;
  private final String versionTable;
  private final String versionTableSchema;
  private final String historyTable;
  private final Duration lockTimeout;
  private final String dialect;
  private final String scratchUrl;
  private final Redactor redactor;

  private Settings(Builder b, Properties file) {
    this.url = first(b.url, file.getProperty(URL));
    this.user = first(b.user, file.getProperty(USER));
    this.password = first(b.password, b.environmentPassword, file.getProperty(PASSWORD));
    this.versionTable = first(b.versionTable, file.getProperty(VERSION_TABLE));
    this.versionTableSchema = first(b.versionTableSchema, file.getProperty(VERSION_TABLE_SCHEMA));
    this.historyTable = first(b.historyTable, file.getProperty(HISTORY_TABLE));
    String timeout = first(b.lockTimeout, file.getProperty(LOCK_TIMEOUT));
    this.lockTimeout = timeout == null ? null : parseDuration(timeout);
    this.dialect = dialect(first(b.dialect, file.getProperty(DIALECT)), url);
    this.scratchUrl = first(b.scratchUrl, file.getProperty(SCRATCH_URL));
    this.redactor = Redactor.of(url, password).and(scratchUrl);
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

  private static Duration parseDuration(String text) {
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
          "lock timeout \""
              + text
              + "\" is not a duration; write 30s, 5m, 500ms or an ISO-8601 duration such as"
              + " PT30S");
    }
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
    private String scratchUrl;
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

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.strip();
    }
  }
}
