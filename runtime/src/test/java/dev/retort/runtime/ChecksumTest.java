package dev.retort.runtime;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.testing.JdbcSpy;
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
  void editedAppliedRevision_atHead_startUpRefusesIt_inOneQueryWhenUnchanged(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    retort(dataSource, OLD).upgrade("head");
    JdbcSpy spy = JdbcSpy.on(dataSource);
    Retort edited =
        Retort.configure().dataSource(spy.dataSource()).registry(registry(NEW)).load();

    ChecksumMismatchException refused =
        assertThrows(ChecksumMismatchException.class, () -> edited.upgrade("head"));

    assertEquals("aa11", refused.revisionId());
    assertEquals(NEW, refused.current());
    assertEquals(List.of("cc33"), edited.current().revisions());
    // Accepted, the next start records the new digest once, then needs one query again.
    edited.acceptChecksum("aa11");
    assertTrue(edited.upgrade("head").isNoOp());
    int before = spy.statements().size();
    assertTrue(edited.upgrade("head").isNoOp());
    assertEquals(1, spy.statements().size() - before, spy.statements().toString());
    // The unedited build is refused in turn: the history now holds the accepted checksum.
    assertThrows(ChecksumMismatchException.class, () -> retort(dataSource, OLD).upgrade("head"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void versionTableOfAnEarlierRetortOrAlembic_getsTheDigestColumnOnce(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    // The layout Retort created before the digest, and Alembic's: version_num alone.
    execute(
        dataSource,
        "CREATE TABLE retort_version (version_num VARCHAR(32) NOT NULL,"
            + " CONSTRAINT retort_version_pkc PRIMARY KEY (version_num))");
    retort(dataSource, OLD).upgrade("head");
    // At head with the old layout, as an earlier Retort left it.
    execute(dataSource, "ALTER TABLE retort_version DROP COLUMN retort_digest");
    assertEquals(
        List.of("version_num not null"), TestDatabase.columns(dataSource, "retort_version"));

    assertTrue(retort(dataSource, OLD).upgrade("head").isNoOp());

    assertEquals(
        List.of("version_num not null", "retort_digest"),
        TestDatabase.columns(dataSource, "retort_version"));
    assertEquals(
        List.of(registry(OLD).digest()),
        query(dataSource, "SELECT retort_digest FROM retort_version"));
    assertThrows(ChecksumMismatchException.class, () -> retort(dataSource, NEW).upgrade("head"));
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
