package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

/** The other branch off {@link CreateWorkout}; {@link MergeHeartRateAndGear} joins the two. */
@Revision(id = "5b0d8e3a6f12", down = "8d41be07a3c5", message = "create gear")
public final class CreateGear implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute(
        """
        CREATE TABLE gear (
          id VARCHAR(36) PRIMARY KEY,
          athlete_id VARCHAR(36) NOT NULL REFERENCES athlete (id) ON DELETE CASCADE,
          name VARCHAR(100) NOT NULL,
          retired BOOLEAN NOT NULL DEFAULT FALSE
        )""");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("DROP TABLE gear");
  }
}
