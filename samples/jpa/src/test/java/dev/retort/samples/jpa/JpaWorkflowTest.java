package dev.retort.samples.jpa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.SchemaComparison;
import dev.retort.runtime.TargetSchema;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.samples.jpa.db.RetortRegistry;
import dev.retort.test.RetortTests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JPA workflow on both databases: Hibernate exports the model's DDL to {@code
 * target/schema-<dialect>.sql}; compared with it, the revisions before {@code AddBookIsbn} have one
 * pending change (the column {@code Book.isbn} maps to), and with that revision none. Then the
 * test kit's no-pending-changes test, as a project would run it in CI.
 */
class JpaWorkflowTest {
  private static final String BEFORE_ISBN = "8b1d4e7a2c05";

  @TempDir Path tempDir;

  private static Path exported(TestDatabase database) throws Exception {
    String dialect = database == TestDatabase.POSTGRES ? "postgresql" : "sqlite";
    return SchemaExport.export(dialect, Path.of("target", "schema-" + dialect + ".sql"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void modelChangedWithoutItsRevision_onePendingChange_noneOnceTheRevisionIsAdded(
      TestDatabase database) throws Exception {
    Path ddl = exported(database);
    String text = Files.readString(ddl).toLowerCase(Locale.ROOT);
    assertTrue(text.contains("create table book (") && text.contains("isbn varchar(13)"), text);

    Retort withoutTheRevision =
        Retort.configure()
            .dataSource(database.create(tempDir))
            .registry(new UpTo(RetortRegistry.INSTANCE, BEFORE_ISBN))
            .load();
    SchemaComparison pending = withoutTheRevision.compare(TargetSchema.ddl(ddl));

    assertEquals(
        List.of("table book: column isbn: only in the target (varchar(13))"),
        pending.differences());

    Retort withTheRevision =
        Retort.configure()
            .dataSource(database.create(tempDir))
            .registry(RetortRegistry.INSTANCE)
            .load();
    SchemaComparison none = withTheRevision.compare(TargetSchema.ddl(ddl));

    assertFalse(none.hasPendingChanges(), none::toString);
    assertEquals(
        List.of("author", "book"),
        none.target().tables().stream().map(t -> t.name()).toList());
  }

  @TestFactory
  Stream<DynamicTest> sqlite(@TempDir Path dir) throws Exception {
    return RetortTests.forDataSource(TestDatabase.SQLITE.create(dir))
        .target(TargetSchema.ddl(exported(TestDatabase.SQLITE)))
        .dynamicTests();
  }

  @TestFactory
  Stream<DynamicTest> postgresql(@TempDir Path dir) throws Exception {
    return RetortTests.forDataSource(TestDatabase.POSTGRES.create(dir))
        .target(TargetSchema.ddl(exported(TestDatabase.POSTGRES)))
        .dynamicTests();
  }

  /** The registry as it was before a revision: that revision and those below it. */
  private record UpTo(RevisionRegistry all, String last) implements RevisionRegistry {
    @Override
    public List<RevisionInfo> revisions() {
      List<RevisionInfo> revisions = all.revisions();
      int end = 0;
      while (!revisions.get(end).id().equals(last)) {
        end++;
      }
      return revisions.subList(0, end + 1);
    }

    @Override
    public List<String> heads() {
      return List.of(last);
    }

    @Override
    public Migration create(int index) {
      return all.create(index);
    }
  }
}
