package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

/** One branch off {@link CreateWorkout}, written at the same time as {@link CreateGear}. */
@Revision(id = "c27e5a9f1d08", down = "8d41be07a3c5", message = "add average heart rate")
public final class AddHeartRate implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("ALTER TABLE workout ADD COLUMN avg_heart_rate INTEGER");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("ALTER TABLE workout DROP COLUMN avg_heart_rate");
  }
}
