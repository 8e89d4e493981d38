package dev.retort.samples.traininglog;

import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.HistoryEntry;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.Retort;
import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The sample's revisions, compiled by the real processor and found through the generated
 * ServiceLoader entry, on embedded PostgreSQL and on SQLite files.
 */
class TrainingLogRevisionsTest {
  private static final String HEAD = "b4d29e6f0a17";
  private static final String MERGE = "e6a4f2b9c731";

  @TempDir Path tempDir;

  private static List<String> columns(DataSource dataSource, String table) {
    List<String> columns = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.getMetaData().getColumns(null, null, table, "%")) {
      while (rows.next()) {
        columns.add(rows.getString("COLUMN_NAME"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return columns;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeHead_buildsTheWholeSchema_throughTheMerge(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = Retort.configure().dataSource(dataSource).load();

    MigrationResult result = retort.upgrade("head");

    assertEquals(
        List.of(
            "3f9a1c2e7b40",
            "8d41be07a3c5",
            "5b0d8e3a6f12",
            "c27e5a9f1d08",
            MERGE,
            "1a7c93d5e2f8",
            HEAD),
        result.applied().stream().map(r -> r.id()).toList());
    assertEquals(
        List.of("athlete", "gear", "retort_history", "retort_version", "workout"),
        tables(dataSource));
    assertEquals(
        List.of(
            "id",
            "athlete_id",
            "started_at",
            "kind",
            "duration_seconds",
            "avg_heart_rate",
            "gear_id"),
        columns(dataSource, "workout"));
    assertEquals(List.of(HEAD), query(dataSource, "SELECT version_num FROM retort_version"));
    assertTrue(retort.current().isAtHead());
    assertEquals(
        List.of("gear"),
        referencedTables(dataSource, "workout").stream().filter("gear"::equals).toList());
  }

  private static List<String> referencedTables(DataSource dataSource, String table) {
    List<String> tables = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows = connection.getMetaData().getImportedKeys(null, null, table)) {
      while (rows.next()) {
        tables.add(rows.getString("PKTABLE_NAME"));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return tables;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void downgradeBelowTheMerge_restoresBothBranchHeads_thenUpgradeReturns(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = Retort.configure().dataSource(dataSource).load();
    retort.upgrade("head");

    retort.downgrade(MERGE + "-1");

    assertEquals(
        List.of("5b0d8e3a6f12", "c27e5a9f1d08"),
        query(dataSource, "SELECT version_num FROM retort_version ORDER BY version_num"));
    assertFalse(columns(dataSource, "workout").contains("gear_id"));
    assertTrue(columns(dataSource, "workout").contains("avg_heart_rate"));

    retort.upgrade("head");
    assertEquals(List.of(HEAD), retort.current().revisions());
    retort.downgrade("base");
    assertEquals(List.of("retort_history", "retort_version"), tables(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void history_listsTheSampleNewestFirst(TestDatabase db) {
    Retort retort = Retort.configure().dataSource(db.create(tempDir)).load();
    retort.upgrade("8d41");

    List<HistoryEntry> history = retort.history();

    assertEquals(HEAD, history.get(0).id());
    assertTrue(history.get(2).isMerge());
    assertEquals("3f9a1c2e7b40", history.get(6).id());
    assertEquals(2, history.stream().filter(HistoryEntry::isApplied).count());
  }
}
