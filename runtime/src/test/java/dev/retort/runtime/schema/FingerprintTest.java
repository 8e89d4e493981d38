package dev.retort.runtime.schema;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Schema#fingerprint}: equal for an unchanged schema, different for any change. */
class FingerprintTest {
  private static final List<String> BOOKKEEPING = List.of("retort_version", "retort_history");

  @TempDir Path tempDir;

  private static String print(DataSource db) throws Exception {
    try (Connection connection = db.getConnection()) {
      return Schema.fingerprint(connection, BOOKKEEPING);
    }
  }

  @Test
  void sqlite_sameForAnUnchangedSchema_differentForEachChange_bookkeepingLeftOut()
      throws Exception {
    DataSource db = TestDatabase.SQLITE.create(tempDir);
    String empty = print(db);
    assertEquals("", empty);
    execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER UNIQUE)");
    String table = print(db);
    assertEquals(table, print(db));
    assertNotEquals(empty, table);

    execute(db, "CREATE TABLE retort_version (version_num TEXT)");
    execute(db, "CREATE INDEX ix_retort ON retort_version (version_num)");
    assertEquals(table, print(db));

    execute(db, "CREATE INDEX ix_t_x ON t (x)");
    String indexed = print(db);
    assertNotEquals(table, indexed);
    execute(db, "DROP INDEX ix_t_x");
    assertEquals(table, print(db));

    execute(db, "CREATE VIEW v AS SELECT x FROM t");
    assertNotEquals(table, print(db));
    execute(db, "DROP VIEW v");
    execute(db, "ALTER TABLE t ADD COLUMN y TEXT");
    assertNotEquals(table, print(db));
  }

  @Test
  void postgres_hasNone() throws Exception {
    assertNull(print(TestDatabase.POSTGRES.create(tempDir)));
  }
}
