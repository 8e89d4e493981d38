package dev.retort.samples.bookmarks.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;

@Revision(id = "5e1f0a7c2b93", message = "create bookmark")
public final class CreateBookmark implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.createTable(
        Table.named("bookmark")
            .column(Column.of("id", ColumnType.bigint()).identity())
            .column(Column.of("url", ColumnType.text()).notNull())
            .column(Column.of("title", ColumnType.text()).notNull()));
  }

  @Override
  public void downgrade(Operations op) {
    op.dropTable("bookmark");
  }
}
