package dev.retort.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.runtime.RetortException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scratch database that SQLite scripts replay the revisions into. */
class ScratchSqliteTest {

  @Test
  void replayedStatements_areVisibleToCatalogQueries() {
    try (ScratchSqlite scratch = ScratchSqlite.open()) {
      scratch.beginRevision("a1", true);
      scratch.execute("CREATE TABLE t (a TEXT)", false);
      scratch.endRevision();
      scratch.beginRevision("a2", true);
      scratch.execute("CREATE TABLE u (a TEXT)", false);
      scratch.abandonRevision();

      assertEquals(
          List.of("t"), scratch.query("SELECT name FROM sqlite_master WHERE type = ?", "table"));
    }
  }

  @Test
  void withoutADriverForTheUrl_failsNamingTheDriverToAdd() {
    RetortException e =
        assertThrows(RetortException.class, () -> ScratchSqlite.open("jdbc:nodriver::memory:"));

    assertEquals(
        "offline SQL for SQLite replays the revisions into a scratch in-memory database"
            + " (jdbc:nodriver::memory:), which needs the SQLite JDBC driver, and DriverManager"
            + " could not open one: No suitable driver found for jdbc:nodriver::memory:; put"
            + " org.xerial:sqlite-jdbc on the class path",
        e.getMessage());
  }
}
