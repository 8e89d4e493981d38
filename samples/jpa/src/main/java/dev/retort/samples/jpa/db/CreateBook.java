package dev.retort.samples.jpa.db;

import dev.retort.Revision;
import dev.retort.runtime.Database;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;

/** The table of {@code Book}, before it had an ISBN. */
@Revision(id = "8b1d4e7a2c05", down = "3f6a2c9e1b07", message = "create book")
public final class CreateBook implements Migration {
  @Override
  public void upgrade(Operations op) {
    Table book =
        Table.named("book")
            .column(Column.of("id", ColumnType.bigint()).primaryKey().identity())
            .column(Column.of("title", ColumnType.varchar(200)).notNull())
            .column(Column.of("author_id", ColumnType.bigint()).notNull());
    // Hibernate's SQLite dialect writes no foreign keys (SQLite cannot add one to a table, and
    // the dialect does not write them inline), so the schema of the model has none there.
    if (op.dialect() == Database.POSTGRESQL) {
      book = book.foreignKey(
          ForeignKey.from("author_id").references("author", "id").named("fk_book_author"));
    }
    op.createTable(book);
    op.createIndex(Index.named("ix_book_author").on("book", "author_id"));
  }

  @Override
  public void downgrade(Operations op) {
    op.dropTable("book");
  }
}
