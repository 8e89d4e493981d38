package dev.retort.spring.boot.autoconfigure.db;

import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.ops.Operations;

@Revision(id = "b2", down = "a1", message = "add author to note")
public final class AddNoteAuthor implements Migration {
  @Override
  public void upgrade(Operations op) {
    op.execute("ALTER TABLE note ADD COLUMN author TEXT");
  }

  @Override
  public void downgrade(Operations op) {
    op.execute("ALTER TABLE note DROP COLUMN author");
  }
}
