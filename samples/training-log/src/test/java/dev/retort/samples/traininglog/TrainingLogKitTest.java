package dev.retort.samples.traininglog;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.test.RetortTests;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample's revisions through the test kit, on both databases: the stairway over the branches
 * and the merge, downgrades that leave no trace, and the committed schema snapshots in
 * src/test/retort.
 */
class TrainingLogKitTest {
  private static final Path SNAPSHOTS = Path.of("src/test/retort");

  @TestFactory
  Stream<DynamicTest> sqlite(@TempDir Path tempDir) {
    return RetortTests.forDataSource(TestDatabase.SQLITE.create(tempDir))
        .snapshots(SNAPSHOTS)
        .dynamicTests();
  }

  @TestFactory
  Stream<DynamicTest> postgresql(@TempDir Path tempDir) {
    return RetortTests.forDataSource(TestDatabase.POSTGRES.create(tempDir))
        .snapshots(SNAPSHOTS)
        .dynamicTests();
  }
}
