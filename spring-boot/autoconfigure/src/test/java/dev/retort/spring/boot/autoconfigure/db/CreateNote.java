package dev.retort.spring.boot.autoconfigure.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(id = "a1", message = "create note")
public final class CreateNote implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("DROP TABLE note");
  }
}
