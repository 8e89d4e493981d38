package dev.retort.samples.jpa.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Operations;

/** {@code Book.isbn}: the revision written after {@code check} reported it as pending. */
@Revision(id = "c2e9f05a7d31", down = "8b1d4e7a2c05", message = "add isbn to book")
public final class AddBookIsbn implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.addColumn("book", Column.of("isbn", ColumnType.varchar(13)));
  }

  @Override
  public void downgrade(Operations op) {
    op.batchAlterTable("book", batch -> batch.dropColumn("isbn"));
  }
}
