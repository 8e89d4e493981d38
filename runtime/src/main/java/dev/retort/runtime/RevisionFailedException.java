package dev.retort.runtime;

import java.util.Optional;

/**
 * A revision's upgrade or downgrade failed. Its transaction was rolled back: the schema and the
 * version table are as they were before the revision started.
 */
public final class RevisionFailedException extends RetortException {
  private final String revisionId;
  private final String className;
  private final String statement;
  private final String sqlState;

  public RevisionFailedException(
      String message,
      String revisionId,
      String className,
      String statement,
      String sqlState,
      Throwable cause) {
    super(message, cause);
    this.revisionId = revisionId;
    this.className = className;
    this.statement = statement;
    this.sqlState = sqlState;
  }

  /** The id of the revision that failed. */
  public String revisionId() {
    return revisionId;
  }

  /** The binary name of the revision's class. */
  public String className() {
    return className;
  }

  /** The statement that failed, when the failure came from one. */
  public Optional<String> statement() {
    return Optional.ofNullable(statement);
  }

  /** The database's SQLState for the failure, when it came from the database. */
  public Optional<String> sqlState() {
    return Optional.ofNullable(sqlState);
  }
}
