package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** An applied revision edited afterwards is refused, named, and can be accepted explicitly. */
class ChecksumTest {
  private static final String OLD = "a".repeat(64);
  private static final String NEW = "b".repeat(64);

  @TempDir Path tempDir;

  /** aa11 -> bb22 -> cc33, with aa11's checksum chosen by the test. */
  private static TestRegistry registry(String checksumOfAa11) {
    return TestRegistry.builder()
        .revision(
            "aa11",
            List.of(),
            new TestRegistry.Sql(List.of("CREATE TABLE a (id INTEGER)"), List.of("DROP TABLE a")),
            true,
            true,
            checksumOfAa11)
        .revision(
            "bb22",
            List.of("aa11"),
            new TestRegistry.Sql(List.of("CREATE TABLE b (id INTEGER)"), List.of("DROP TABLE b")),
            true)
        .revision(
            "cc33",
            List.of("bb22"),
            new TestRegistry.Sql(List.of("CREATE TABLE c (id INTEGER)"), List.of("DROP TABLE c")),
            true)
        .build();
  }

  private static Retort retort(DataSource dataSource, String checksumOfAa11) {
    return Retort.configure().dataSource(dataSource).registry(registry(checksumOfAa11)).load();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void editedAppliedRevision_upgradeRefused_acceptChecksumLetsItThrough(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(dataSource, OLD).upgrade("bb22");
    Retort edited = retort(dataSource, NEW);

    ChecksumMismatchException refused =
        assertThrows(ChecksumMismatchException.class, () -> edited.upgrade("head"));

    assertEquals(
        "revision aa11 (Revision_aa11) changed after it was applied: retort_history recorded"
            + " checksum aaaaaaaaaaaa when it ran, this build has bbbbbbbbbbbb\n"
            + "  databases that already ran it will never see the change: revert the edit to"
            + " test.Revision_aa11 and put the change in a new revision. If the change is"
            + " deliberate and needs no migration, accept it with acceptChecksum(\"aa11\"); if"
            + " retort_history was edited by hand, restore it",
        refused.getMessage());
    assertEquals("aa11", refused.revisionId());
    assertEquals(List.of("bb22"), edited.current().revisions());
    assertThrows(ChecksumMismatchException.class, edited::validate);

    AcceptedChecksum accepted = edited.acceptChecksum("aa11");

    assertEquals(new AcceptedChecksum("aa11", OLD, NEW), accepted);
    assertEquals(List.of("aa11", "bb22"), edited.validate().verified());
    edited.upgrade("head");
    assertEquals(List.of("cc33"), edited.current().revisions());
    assertEquals(
        List.of("aa11 upgrade", "bb22 upgrade", "aa11 accept", "cc33 upgrade"),
        query(dataSource, "SELECT revision_id || ' ' || action FROM retort_history ORDER BY id"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void historyEditedByHand_isCaughtLikeAnEdit_andNothingRuns(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = retort(dataSource, OLD);
    retort.upgrade("bb22");
    execute(
        dataSource, "UPDATE retort_history SET checksum = 'tampered' WHERE revision_id = 'aa11'");

    ChecksumMismatchException refused =
        assertThrows(ChecksumMismatchException.class, () -> retort.upgrade("head"));

    assertEquals("tampered", refused.recorded());
    assertEquals(List.of("bb22"), retort.current().revisions());
    assertEquals(List.of("a", "b"), tablesLike(dataSource));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void validate_listsRevisionsWithoutRecordedChecksums(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    Retort retort = retort(dataSource, OLD);
    retort.stamp("bb22"); // stamped, never run: nothing recorded to compare

    ValidationResult result = retort.validate();

    assertEquals(List.of(), result.verified());
    assertEquals(List.of("aa11", "bb22"), result.unrecorded());
    assertThrows(InvalidTargetException.class, () -> retort.acceptChecksum("cc33"));
  }

  private static List<String> tablesLike(DataSource dataSource) {
    return TestDatabase.tables(dataSource).stream().filter(t -> t.length() == 1).toList();
  }
}
