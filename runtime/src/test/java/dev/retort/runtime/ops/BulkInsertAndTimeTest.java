package dev.retort.runtime.ops;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionFailedException;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Typed, batched, streaming bulk insert, and the one rule for date-times, on both databases. */
class BulkInsertAndTimeTest {
  private static final Instant MORNING = Instant.parse("2026-11-23T07:30:00Z");

  @TempDir Path tempDir;

  private static final List<Column> COLUMNS =
      List.of(
          Column.of("id", ColumnType.bigint()),
          Column.of("ref", ColumnType.uuid()),
          Column.of("doc", ColumnType.json()),
          Column.of("kind", ColumnType.enumeration("reading_kind", List.of("hr", "pace"))),
          Column.of("ok", ColumnType.bool()),
          Column.of("amount", ColumnType.numeric(10, 2)),
          Column.of("blob", ColumnType.bytes()),
          Column.of("wall", ColumnType.timestamp()),
          Column.of("at", ColumnType.timestampWithTimeZone()));

  private static Retort retort(DataSource dataSource, Consumer<Operations> up) {
    return Retort.configure()
        .dataSource(dataSource)
        .registry(
            TestRegistry.builder()
                .revision("aa11", List.of(), new TestRegistry.Ops(up, op -> {}), true)
                .build())
        .load();
  }

  /** Rows made one at a time as the insert reads them, counting how many were made. */
  private static Iterable<List<?>> rows(int count, AtomicLong made) {
    return () ->
        new Iterator<>() {
          int next = 0;

          @Override
          public boolean hasNext() {
            return next < count;
          }

          @Override
          public List<?> next() {
            int i = next++;
            made.incrementAndGet();
            List<Object> row = new ArrayList<>();
            row.add((long) i);
            row.add(new UUID(0, i));
            row.add("{\"i\": " + i + "}");
            row.add(i % 2 == 0 ? "hr" : "pace");
            row.add(i % 3 == 0);
            row.add(new BigDecimal("12.50"));
            row.add(new byte[] {(byte) i});
            row.add(MORNING.plusSeconds(i)); // an Instant into a naive column: UTC wall time
            row.add(MORNING.atZone(ZoneId.of("Europe/Berlin")).plusSeconds(i)); // zoned, any zone
            return row;
          }
        };
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void bulkInsert_typedStreamingBatches_landEveryRowWithItsTypes(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    AtomicLong made = new AtomicLong();
    long[] inserted = new long[1];

    retort(
            dataSource,
            op -> {
              if (db == TestDatabase.POSTGRES) {
                op.execute("SET TIME ZONE 'America/New_York'"); // the rule must not depend on it
              }
              Table table = Table.named("reading");
              for (Column column : COLUMNS) {
                table = table.column(column);
              }
              op.createTable(table);
              inserted[0] = op.bulkInsert("reading", COLUMNS, rows(25_001, made));
            })
        .upgrade("head");

    assertEquals(25_001, inserted[0]);
    assertEquals(25_001, made.get());
    assertEquals(List.of("25001"), query(dataSource, "SELECT count(*) FROM reading"));
    assertEquals(
        List.of("12500"), query(dataSource, "SELECT count(*) FROM reading WHERE kind = 'pace'"));
    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("00000000-0000-0000-0000-000000000007|7|2026-11-23 07:30:07|2026-11-23 07:30:07"),
          query(
              dataSource,
              "SELECT ref || '|' || (doc->>'i') || '|' || to_char(wall, 'YYYY-MM-DD HH24:MI:SS')"
                  + " || '|' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')"
                  + " FROM reading WHERE id = 7"));
    } else {
      assertEquals(
          List.of(
              "00000000-0000-0000-0000-000000000007|7|2026-11-23 07:30:07|2026-11-23T07:30:07Z"),
          query(
              dataSource,
              "SELECT ref || '|' || json_extract(doc, '$.i') || '|' || wall || '|' || at"
                  + " FROM reading WHERE id = 7"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void execute_zonedValues_becomeUtc_andALocalDateTimeIntoAZonedColumnIsRefused(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(
            dataSource,
            op -> {
              if (db == TestDatabase.POSTGRES) {
                op.execute("SET TIME ZONE 'Asia/Tokyo'");
              }
              op.createTable(
                  Table.named("event")
                      .column(Column.of("wall", ColumnType.timestamp()))
                      .column(Column.of("at", ColumnType.timestampWithTimeZone())));
              op.execute(
                  "INSERT INTO event (wall, at) VALUES (?, ?)",
                  OffsetDateTime.ofInstant(MORNING, ZoneOffset.ofHours(-5)),
                  MORNING.atZone(ZoneId.of("Asia/Tokyo")));
              op.execute(
                  "INSERT INTO event (wall) VALUES (?)",
                  LocalDateTime.parse("2026-01-02T03:04:05"));
            })
        .upgrade("head");

    String wall =
        db == TestDatabase.POSTGRES
            ? "SELECT to_char(wall, 'YYYY-MM-DD HH24:MI:SS') FROM event ORDER BY wall"
            : "SELECT wall FROM event ORDER BY wall";
    assertEquals(List.of("2026-01-02 03:04:05", "2026-11-23 07:30:00"), query(dataSource, wall));

    if (db == TestDatabase.POSTGRES) {
      assertEquals(
          List.of("2026-11-23 07:30:00"),
          query(
              dataSource,
              "SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM event"
                  + " WHERE at IS NOT NULL"));
      DataSource other = TestDatabase.POSTGRES.create(tempDir);
      RevisionFailedException refused =
          assertThrows(
              RevisionFailedException.class,
              () ->
                  retort(
                          other,
                          op -> {
                            op.createTable(
                                Table.named("event")
                                    .column(Column.of("at", ColumnType.timestampWithTimeZone())));
                            op.execute(
                                "INSERT INTO event (at) VALUES (?)",
                                LocalDateTime.parse("2026-01-02T03:04:05"));
                          })
                      .upgrade("head"));
      assertTrue(
          refused
              .getMessage()
              .contains(
                  "parameter 1 is a timestamp with time zone, but the value"
                      + " 2026-01-02T03:04:05 is a LocalDateTime, whose zone would be a guess;"
                      + " pass an Instant or an OffsetDateTime"),
          refused.getMessage());
    }
  }
}
