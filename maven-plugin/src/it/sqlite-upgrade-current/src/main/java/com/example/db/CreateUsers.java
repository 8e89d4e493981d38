package com.example.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(id = "77b0c4d1e2f3", message = "create users")
public final class CreateUsers implements Migration {
  @Override public void upgrade(Operations op) { op.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"); }
  @Override public void downgrade(Operations op) { op.execute("DROP TABLE users"); }
}
