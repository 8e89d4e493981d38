package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.ops.ReferentialAction;

/**
 * Makes {@code workout.gear_id} a real foreign key. SQLite cannot add a constraint to an existing
 * table, so the change is a batch: a table rebuild on SQLite, one ALTER TABLE on PostgreSQL.
 * Written as a plain {@code op.createForeignKey(...)}, this revision would fail to compile with
 * {@code [Retort/SqliteAlter]}.
 */
@Revision(id = "b4d29e6f0a17", down = "1a7c93d5e2f8", message = "workouts reference their gear")
public final class LinkWorkoutsToGear implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.batchAlterTable(
        "workout",
        batch ->
            batch.createForeignKey(
                ForeignKey.from("gear_id")
                    .references("gear", "id")
                    .onDelete(ReferentialAction.SET_NULL)
                    .named("fk_workout_gear")));
  }

  @Override
  public void downgrade(Operations op) {
    op.batchAlterTable("workout", batch -> batch.dropConstraint("fk_workout_gear"));
  }
}
