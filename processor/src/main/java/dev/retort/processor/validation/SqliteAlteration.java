package dev.retort.processor.validation;

import java.util.Optional;

/**
 * An operation that SQLite's ALTER TABLE cannot run on an existing table, at least below some
 * version, and that {@code op.batchAlterTable} can; the cases of {@code [Retort/SqliteAlter]}. They
 * mirror the runtime's {@code SqliteDialect}, which refuses the same calls when they run.
 */
enum SqliteAlteration {
  /** {@code op.alterColumn} changing more than the name or, alone, the nullability. */
  ALTER_COLUMN(null),
  /** {@code op.alterColumn} changing only nullability: native from 3.53. */
  ALTER_NULLABILITY(SqliteVersion.CONSTRAINT_ALTER),
  CREATE_UNIQUE_CONSTRAINT(null),
  CREATE_FOREIGN_KEY(null),
  /** Native from 3.53. */
  CREATE_CHECK_CONSTRAINT(SqliteVersion.CONSTRAINT_ALTER),
  /** Native from 3.53, for CHECK constraints. */
  DROP_CONSTRAINT(SqliteVersion.CONSTRAINT_ALTER),
  /** Native from 3.35. */
  DROP_COLUMN(SqliteVersion.DROP_COLUMN),
  /** {@code op.addColumn} of a primary-key or identity column. */
  ADD_PRIMARY_KEY_COLUMN(null),
  ADD_UNIQUE_COLUMN(null),
  /** {@code op.addColumn} of a NOT NULL column whose server default is not a constant value. */
  ADD_NOT_NULL_COLUMN(null),
  /** {@code op.addColumn} of a column defaulting to CURRENT_TIMESTAMP or an expression. */
  ADD_COLUMN_WITH_EXPRESSION_DEFAULT(null),
  /** {@code op.addColumn} of a {@code generatedStored} column (a virtual one is native). */
  ADD_STORED_GENERATED_COLUMN(null),
  CREATE_PRIMARY_KEY(null),
  DROP_PRIMARY_KEY(null),
  /** {@code op.dropForeignKey(table, referencedTable, columns...)}. */
  DROP_FOREIGN_KEY(null),
  /** {@code op.dropUniqueConstraint(table, columns...)}. */
  DROP_UNIQUE_CONSTRAINT(null);

  private final SqliteVersion nativeSince;

  SqliteAlteration(SqliteVersion nativeSince) {
    this.nativeSince = nativeSince;
  }

  /** The first SQLite version that runs it natively; empty if none does. */
  Optional<SqliteVersion> nativeSince() {
    return Optional.ofNullable(nativeSince);
  }

  /** True when SQLite {@code minimum} and every later one run it natively. */
  boolean isNativeFrom(SqliteVersion minimum) {
    return nativeSince != null && minimum.isAtLeast(nativeSince);
  }
}
