package com.example.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(id = "9c2e5a7b3d10", down = "77b0c4d1e2f3", message = "add email")
public final class AddEmail implements Migration {
  @Override public void upgrade(Operations op) { op.execute("ALTER TABLE users ADD COLUMN email TEXT"); }
  @Override public void downgrade(Operations op) { op.execute("ALTER TABLE users DROP COLUMN email"); }
}
