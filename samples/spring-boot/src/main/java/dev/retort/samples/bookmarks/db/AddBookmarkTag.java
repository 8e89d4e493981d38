package dev.retort.samples.bookmarks.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operations;

@Revision(id = "9a4d3c1e8f20", down = "5e1f0a7c2b93", message = "tag bookmarks")
public final class AddBookmarkTag implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.addColumn("bookmark", Column.of("tag", ColumnType.varchar(40)));
    op.createIndex(Index.named("ix_bookmark_tag").on("bookmark", "tag"));
  }

  @Override
  public void downgrade(Operations op) {
    op.dropIndex("ix_bookmark_tag");
    op.dropColumn("bookmark", "tag");
  }
}
