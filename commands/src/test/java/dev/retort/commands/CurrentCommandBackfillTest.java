package dev.retort.commands;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.ops.Backfill;
import dev.retort.runtime.ops.Operations;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code current} shows a backfill that stopped half-way, as text and as JSON, on both databases:
 * what an operator reads to see how far it got and that the next upgrade resumes it.
 */
class CurrentCommandBackfillTest {
  @TempDir Path tempDir;

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void backfillStoppedHalfWay_isShownWithRowsAndLastKey(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    execute(
        dataSource,
        "CREATE TABLE item (id INTEGER PRIMARY KEY, qty INTEGER NOT NULL,"
            + " doubled INTEGER CHECK (doubled IS NULL OR doubled < 100))");
    // Row 25's doubled value breaks the CHECK: chunks 1 and 2 commit, chunk 3 fails.
    StringBuilder insert = new StringBuilder("INSERT INTO item (id, qty) VALUES ");
    for (int id = 1; id <= 30; id++) {
      insert.append(id == 1 ? "" : ", ").append("(" + id + ", " + (id == 25 ? 60 : id) + ")");
    }
    execute(dataSource, insert.toString());
    Migration fill =
        new Migration() {
          @Override
          public void upgrade(Operations op) {
            op.backfill(Backfill.update("item", "doubled = qty * 2").key("id").chunkSize(10));
          }

          @Override
          public void downgrade(Operations op) {}
        };
    Retort retort =
        Retort.configure()
            .dataSource(dataSource)
            .registry(
                TestRegistry.builder()
                    .revision("r1", List.of(), new TestRegistry.Sql(List.of(), List.of()), true)
                    .revision("r2", List.of("r1"), fill, true, false, null)
                    .build())
            .load();
    assertThrows(RevisionFailedException.class, () -> retort.upgrade("head"));

    CommandResult.Current current = new CurrentCommand(false, false).run(retort);

    String text = Renderer.text(current);
    String line = text.lines().filter(l -> l.startsWith("backfill ")).findFirst().orElse(text);
    assertTrue(
        line.matches(
            "backfill r2 \"update item\" \\(upgrade\\): 20 rows in 2 chunks, last key \\[20\\],"
                + " last chunk at \\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z; running now, or resumes after"
                + " that key on the next upgrade"),
        text);
    String json = Renderer.json(current);
    assertTrue(
        json.contains(
            "\"backfills\":[{\"revision\":\"r2\",\"direction\":\"upgrade\",\"name\":\"update"
                + " item\",\"lastKey\":\"[20]\",\"rowsDone\":20,\"chunksDone\":2,\"done\":false,"),
        json);

    execute(dataSource, "UPDATE item SET qty = 25 WHERE id = 25");
    retort.upgrade("head");
    CommandResult.Current after = new CurrentCommand(false, false).run(retort);
    assertEquals(List.of(), after.backfills());
    assertTrue(Renderer.json(after).contains("\"backfills\":[]"), Renderer.json(after));
  }
}
