package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import java.sql.SQLException;

/**
 * A statement run through {@link dev.retort.runtime.ops.Operations} failed. The migrator turns it
 * into a {@link dev.retort.runtime.RevisionFailedException} naming the revision.
 */
public final class StatementFailedException extends RetortException {
  private final String statement;

  public StatementFailedException(String statement, SQLException cause) {
    super("statement failed: " + Messages.abbreviate(statement) + ": " + cause.getMessage(), cause);
    this.statement = statement;
  }

  public String statement() {
    return statement;
  }

  @Override
  public synchronized SQLException getCause() {
    return (SQLException) super.getCause();
  }
}
