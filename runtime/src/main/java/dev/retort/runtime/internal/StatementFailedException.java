package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A statement run through {@link dev.retort.runtime.ops.Operations} failed. The migrator turns it
 * into a {@link dev.retort.runtime.RevisionFailedException} naming the revision.
 */
public final class StatementFailedException extends RetortException {
  private final String statement;
  private final String hint;

  public StatementFailedException(String statement, SQLException cause) {
    this(statement, cause, Optional.empty());
  }

  /** {@code hint} says what to do instead, when the database never runs such a statement. */
  public StatementFailedException(String statement, SQLException cause, Optional<String> hint) {
    super("statement failed: " + Messages.abbreviate(statement) + ": " + cause.getMessage(), cause);
    this.statement = statement;
    this.hint = hint.orElse(null);
  }

  public String statement() {
    return statement;
  }

  /** What to do instead of the statement, when the database never runs statements like it. */
  public Optional<String> hint() {
    return Optional.ofNullable(hint);
  }

  @Override
  public synchronized SQLException getCause() {
    return (SQLException) super.getCause();
  }
}
