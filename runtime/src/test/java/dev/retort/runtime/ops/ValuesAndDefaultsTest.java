package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One binding rule for Java enums, the naive-timestamp rule for server defaults, and verbatim type
 * names, on both databases.
 */
class ValuesAndDefaultsTest {
  @TempDir Path tempDir;

  /** A Java enum whose toString() is not its name, so the test sees which one is bound. */
  enum Sport {
    RUN,
    RIDE;

    @Override
    public String toString() {
      return "sport " + name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final ColumnType SPORT = ColumnType.enumeration("sport", List.of("RUN", "RIDE"));

  private static Retort retort(DataSource dataSource, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  /** What every SQLite batch must leave: a sound file, no orphans, no temporary table. */
  private static void assertSound(TestDatabase db, DataSource dataSource) {
    if (db == TestDatabase.SQLITE) {
      assertEquals(List.of("ok"), query(dataSource, "PRAGMA integrity_check"));
      assertEquals(List.of(), query(dataSource, "SELECT * FROM pragma_foreign_key_check"));
      assertEquals(
          List.of(),
          query(
              dataSource,
              "SELECT name FROM sqlite_master WHERE name LIKE '\\_retort%' ESCAPE '\\'"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void javaEnumParameters_bindTheirName_intoEnumAndTextColumns(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            op -> {
              op.createTable(
                  Table.named("workout")
                      .column(Column.of("id", ColumnType.integer()).primaryKey())
                      .column(Column.of("kind", SPORT))
                      .column(Column.of("label", ColumnType.text())));
              op.execute(
                  "INSERT INTO workout (id, kind, label) VALUES (?, ?, ?)",
                  1,
                  Sport.RIDE,
                  Sport.RUN);
              op.execute("UPDATE workout SET label = 'found' WHERE kind = ?", Sport.RIDE);
              op.bulkInsert(
                  "workout",
                  List.of(
                      Column.of("id", ColumnType.integer()),
                      Column.of("kind", SPORT),
                      Column.of("label", ColumnType.text())),
                  List.of(List.of(2, Sport.RUN, Sport.RIDE)));
            })
        .upgrade("head");

    assertEquals(
        List.of("1 RIDE found", "2 RUN RIDE"),
        query(dataSource, "SELECT id || ' ' || kind || ' ' || label FROM workout ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void currentTimestampDefault_onANaiveColumn_isUtcWallTime_whateverTheSessionZone(
      TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            op -> {
              if (db == TestDatabase.POSTGRES) {
                // Seven or eight hours from UTC: a session-local default would be far off.
                op.execute("SET TIME ZONE 'America/Los_Angeles'");
              }
              op.createTable(
                  Table.named("event")
                      .column(Column.of("id", ColumnType.integer()).primaryKey())
                      .column(
                          Column.of("created", ColumnType.timestamp())
                              .serverDefault(ServerDefault.currentTimestamp()))
                      .column(Column.of("changed", ColumnType.timestamp())));
              op.batchAlterTable(
                  "event",
                  batch ->
                      batch.alterColumn(
                          "changed",
                          ColumnChange.of().serverDefault(ServerDefault.currentTimestamp())));
              op.execute("INSERT INTO event (id) VALUES (1)");
              op.execute("INSERT INTO event (id) VALUES (2)");
            })
        .upgrade("head");

    String offBy =
        db == TestDatabase.POSTGRES
            ? "SELECT CAST(abs(extract(epoch FROM (%s - (now() AT TIME ZONE 'utc')))) AS INTEGER)"
                + " / 600 FROM event"
            : "SELECT abs(strftime('%%s', %s) - strftime('%%s', 'now')) / 600 FROM event";
    // Within ten minutes of UTC now (a session-local default is hours away).
    assertEquals(List.of("0", "0"), query(dataSource, String.format(offBy, "created")));
    assertEquals(List.of("0", "0"), query(dataSource, String.format(offBy, "changed")));
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void currentTimestampDefault_onAZonedColumn_isTheInstant_inTheFormBoundValuesHave(
      TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            op -> {
              op.createTable(
                  Table.named("event")
                      .column(Column.of("id", ColumnType.integer()).primaryKey())
                      .column(
                          Column.of("at", ColumnType.timestampWithTimeZone())
                              .serverDefault(ServerDefault.currentTimestamp()))
                      .column(Column.of("seen", ColumnType.timestampWithTimeZone())));
              op.batchAlterTable(
                  "event",
                  batch ->
                      batch.alterColumn(
                          "seen",
                          ColumnChange.of().serverDefault(ServerDefault.currentTimestamp())));
              op.execute("INSERT INTO event (id) VALUES (1)");
              op.bulkInsert(
                  "event",
                  List.of(
                      Column.of("id", ColumnType.integer()),
                      Column.of("at", ColumnType.timestampWithTimeZone()),
                      Column.of("seen", ColumnType.timestampWithTimeZone())),
                  List.of(
                      List.of(
                          2,
                          java.time.Instant.parse("2026-11-23T07:30:00Z"),
                          java.time.Instant.parse("2026-11-23T07:30:00Z"))));
            })
        .upgrade("head");

    if (db == TestDatabase.SQLITE) {
      // One form for defaults and bound instants: ISO-8601 with a Z.
      assertEquals(
          List.of("1", "1", "1", "1"),
          query(
              dataSource,
              "SELECT at GLOB"
                  + " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"
                  + " FROM event UNION ALL SELECT seen GLOB"
                  + " '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'"
                  + " FROM event"));
      assertEquals(
          List.of("0"),
          query(
              dataSource,
              "SELECT abs(strftime('%s', at) - strftime('%s', 'now')) / 600 FROM event WHERE id"
                  + " = 1"));
    } else {
      assertEquals(
          List.of("0"),
          query(
              dataSource,
              "SELECT CAST(abs(extract(epoch FROM (at - now()))) AS INTEGER) / 600 FROM event"
                  + " WHERE id = 1"));
    }
    assertSound(db, dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void namedType_isUsedVerbatim(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    if (db == TestDatabase.POSTGRES) {
      execute(dataSource, "CREATE DOMAIN short_code AS VARCHAR(3)");
    }
    ColumnType type = ColumnType.named(db == TestDatabase.POSTGRES ? "short_code" : "DATETIME");
    retort(
            dataSource,
            op -> {
              op.createTable(
                  Table.named("t")
                      .column(Column.of("id", ColumnType.integer()).primaryKey())
                      .column(Column.of("v", type)));
              op.addColumn("t", Column.of("w", type));
            })
        .upgrade("head");

    String types =
        db == TestDatabase.POSTGRES
            ? "SELECT domain_name FROM information_schema.columns WHERE table_name = 't'"
                + " AND column_name IN ('v', 'w') ORDER BY column_name"
            : "SELECT type FROM pragma_table_info('t') WHERE name IN ('v', 'w') ORDER BY name";
    String name = db == TestDatabase.POSTGRES ? "short_code" : "DATETIME";
    assertEquals(List.of(name, name), query(dataSource, types));
    assertEquals("type DATETIME", ColumnType.named("DATETIME").toString());
    assertThrows(IllegalArgumentException.class, () -> ColumnType.named("TEXT; DROP TABLE t"));
    assertThrows(IllegalArgumentException.class, () -> ColumnType.named(" "));
  }
}
