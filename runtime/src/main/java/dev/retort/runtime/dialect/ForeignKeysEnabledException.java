package dev.retort.runtime.dialect;

import dev.retort.runtime.RetortException;

/**
 * A SQLite table rebuild met enforced foreign keys inside the revision's transaction, where they
 * cannot be switched off, and where dropping the old table would fire ON DELETE actions. The runner
 * answers by rolling the revision back, switching foreign keys off outside the transaction, and
 * running the revision again; users do not see it unless that second run meets it too.
 */
public final class ForeignKeysEnabledException extends RetortException {
  public ForeignKeysEnabledException(String table) {
    super(
        "SQLite enforces foreign keys on this connection, and a rebuild of "
            + table
            + " inside a transaction would fire their ON DELETE actions; run the batch from a"
            + " revision's upgrade() or downgrade(), where Retort switches them off first");
  }
}
