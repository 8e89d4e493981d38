package dev.retort.samples.traininglog.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(id = "3f9a1c2e7b40", message = "create athlete")
public final class CreateAthlete implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("CREATE TABLE athlete (id VARCHAR(36) PRIMARY KEY, name VARCHAR(100) NOT NULL)");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("DROP TABLE athlete");
  }
}
