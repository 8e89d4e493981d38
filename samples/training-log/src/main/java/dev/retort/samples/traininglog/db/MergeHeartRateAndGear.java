package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

/**
 * The merge point: both branches are needed before a workout can name the gear it used. Without
 * this revision, {@code mvn compile} fails with {@code [Retort/MultipleHeads]}.
 */
@Revision(
    id = "e6a4f2b9c731",
    down = {"c27e5a9f1d08", "5b0d8e3a6f12"},
    message = "merge heart rate and gear; workouts name their gear")
public final class MergeHeartRateAndGear implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("ALTER TABLE workout ADD COLUMN gear_id VARCHAR(36)");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("ALTER TABLE workout DROP COLUMN gear_id");
  }
}
