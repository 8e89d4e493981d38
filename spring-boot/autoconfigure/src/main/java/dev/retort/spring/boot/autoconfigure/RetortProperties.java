package dev.retort.spring.boot.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code retort.*} settings of the auto-configuration. Each maps to a setting of {@code
 * Retort.configure()}; the defaults are the runtime's.
 *
 * <pre>{@code
 * retort.target=head
 * retort.lock-timeout=2m
 * }</pre>
 */
@ConfigurationProperties(prefix = "retort")
public class RetortProperties {
  /** Whether to upgrade the database with Retort when the application starts. */
  private boolean enabled = true;

  /**
   * The revision to upgrade to: head, a revision id, a unique prefix of one, or a relative target
   * such as +1.
   */
  private String target = "head";

  /** The version table's name; one row per applied head, Alembic's layout. */
  private String versionTable = "retort_version";

  /** The history table's name: every revision run, stamp and accepted checksum. */
  private String historyTable = "retort_history";

  /** How long to wait for another process's migration before failing. */
  private Duration lockTimeout = Duration.ofMinutes(5);

  /**
   * PostgreSQL's lock_timeout for the statements of revisions that set none; 0 for no limit.
   */
  private Duration revisionLockTimeout = Duration.ofSeconds(10);

  /**
   * PostgreSQL's statement_timeout for the statements of revisions that set none; 0, the default,
   * for no limit.
   */
  private Duration revisionStatementTimeout = Duration.ZERO;

  /** Runs of a revision in all when its statements meet the lock timeout; 1 for no retry. */
  private int revisionRetries = 1;

  /** The wait between those runs. */
  private Duration revisionRetryDelay = Duration.ofSeconds(10);

  /**
   * JDBC URL of the database to migrate, for a connection of its own; the application's
   * DataSource when unset.
   */
  private String url;

  /**
   * Login user for the migration connection; with no retort.url, used with spring.datasource.url.
   */
  private String user;

  /** Login password for the migration connection. Never logged. */
  private String password;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public String getVersionTable() {
    return versionTable;
  }

  public void setVersionTable(String versionTable) {
    this.versionTable = versionTable;
  }

  public String getHistoryTable() {
    return historyTable;
  }

  public void setHistoryTable(String historyTable) {
    this.historyTable = historyTable;
  }

  public Duration getLockTimeout() {
    return lockTimeout;
  }

  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  public Duration getRevisionLockTimeout() {
    return revisionLockTimeout;
  }

  public void setRevisionLockTimeout(Duration revisionLockTimeout) {
    this.revisionLockTimeout = revisionLockTimeout;
  }

  public Duration getRevisionStatementTimeout() {
    return revisionStatementTimeout;
  }

  public void setRevisionStatementTimeout(Duration revisionStatementTimeout) {
    this.revisionStatementTimeout = revisionStatementTimeout;
  }

  public int getRevisionRetries() {
    return revisionRetries;
  }

  public void setRevisionRetries(int revisionRetries) {
    this.revisionRetries = revisionRetries;
  }

  public Duration getRevisionRetryDelay() {
    return revisionRetryDelay;
  }

  public void setRevisionRetryDelay(Duration revisionRetryDelay) {
    this.revisionRetryDelay = revisionRetryDelay;
  }

  public String getUrl() {
    return url;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public String getUser() {
    return user;
  }

  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  /** True when the migration gets a connection of its own rather than the application's. */
  boolean hasOwnConnection() {
    return url != null || user != null;
  }
}
