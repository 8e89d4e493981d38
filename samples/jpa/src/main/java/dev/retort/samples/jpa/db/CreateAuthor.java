package dev.retort.samples.jpa.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;

/** The table of {@code Author}. */
@Revision(id = "3f6a2c9e1b07", message = "create author")
public final class CreateAuthor implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.createTable(
        Table.named("author")
            .column(Column.of("id", ColumnType.bigint()).primaryKey().identity())
            .column(Column.of("name", ColumnType.varchar(100)).notNull()));
  }

  @Override
  public void downgrade(Operations op) {
    op.dropTable("author");
  }
}
