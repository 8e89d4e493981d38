package app.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Index;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.Table;

@Revision(id = "b2c4", down = "a1f3", message = "add gear", dialects = "sqlite")
public final class AddGear implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.createTable(
        Table.named("gear")
            .column(Column.of("id", ColumnType.integer()).identity())
            .column(Column.of("athlete_id", ColumnType.bigint()).notNull())
            .column(Column.of("bought_at", ColumnType.timestampWithTimeZone()))
            .column(Column.of("kind", ColumnType.varchar(255)))
            .foreignKey(
                ForeignKey.from("athlete_id").references("athlete", "id").named("fk_gear_athlete"))
            .check("ck_gear_kind", "kind in ('SHOE','BIKE')"));
    op.addColumn("athlete", Column.of("email", ColumnType.varchar(255)));
    op.createIndex(Index.named("ix_gear_athlete").on("gear", "athlete_id"));
  }

  @Override
  public void downgrade(Operations op) {
    op.batchAlterTable("athlete", batch -> {
      batch.dropColumn("email");
    });
    op.dropTable("gear");
  }
}
