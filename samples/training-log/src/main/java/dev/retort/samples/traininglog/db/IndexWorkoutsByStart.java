package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(
    id = "1a7c93d5e2f8",
    down = "e6a4f2b9c731",
    message = "index workouts by athlete and start")
public final class IndexWorkoutsByStart implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("CREATE INDEX ix_workout_athlete_started ON workout (athlete_id, started_at)");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("DROP INDEX ix_workout_athlete_started");
  }
}
