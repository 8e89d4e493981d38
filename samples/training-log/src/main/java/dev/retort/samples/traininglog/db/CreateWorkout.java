package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

/** Workouts. {@code started_at} is a naive timestamp holding UTC, written by the app as such. */
@Revision(id = "8d41be07a3c5", down = "3f9a1c2e7b40", message = "create workout")
public final class CreateWorkout implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute(
        """
        CREATE TABLE workout (
          id VARCHAR(36) PRIMARY KEY,
          athlete_id VARCHAR(36) NOT NULL REFERENCES athlete (id) ON DELETE CASCADE,
          started_at TIMESTAMP NOT NULL,
          kind VARCHAR(20) NOT NULL,
          duration_seconds INTEGER NOT NULL CHECK (duration_seconds > 0)
        )""");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("DROP TABLE workout");
  }
}
