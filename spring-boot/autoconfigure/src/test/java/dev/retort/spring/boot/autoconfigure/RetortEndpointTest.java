package dev.retort.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.runtime.testing.TestDatabase;
import dev.retort.spring.boot.actuate.RetortEndpoint;
import dev.retort.spring.boot.actuate.RetortEndpoint.HistoryRun;
import dev.retort.spring.boot.actuate.RetortEndpoint.PendingRevision;
import dev.retort.spring.boot.actuate.RetortEndpoint.RetortDescriptor;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code retort} actuator endpoint, like Boot's {@code flyway} endpoint. */
class RetortEndpointTest {
  @TempDir Path tempDir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  RetortAutoConfiguration.class, RetortEndpointAutoConfiguration.class))
          .withPropertyValues("management.endpoints.web.exposure.include=retort");

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void databaseBehindHead_showsCurrentHeadsPendingAndLastRuns(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);

    runner
        .withBean(DataSource.class, () -> dataSource)
        .withPropertyValues("retort.target=a1")
        .run(
            context -> {
              RetortDescriptor retort =
                  context
                      .getBean(RetortEndpoint.class)
                      .retortBeans()
                      .contexts()
                      .get(context.getId())
                      .retortBeans()
                      .get("retort");

              assertThat(retort.versionTable()).isEqualTo("retort_version");
              assertThat(retort.current()).containsExactly("a1");
              assertThat(retort.heads()).containsExactly("b2");
              assertThat(retort.atHead()).isFalse();
              assertThat(retort.pending())
                  .containsExactly(
                      new PendingRevision(
                          "b2",
                          "add author to note",
                          "dev.retort.spring.boot.autoconfigure.db.AddNoteAuthor"));
              assertThat(retort.lastRuns()).hasSize(1);
              HistoryRun run = retort.lastRuns().get(0);
              assertThat(run.revision()).isEqualTo("a1");
              assertThat(run.action()).isEqualTo("upgrade");
              assertThat(run.checksum()).hasSize(64);
              assertThat(Instant.parse(run.appliedAt())).isBefore(Instant.now().plusSeconds(1));
              assertThat(run.appliedBy())
                  .isEqualTo(database == TestDatabase.POSTGRES ? "postgres" : null);
            });
  }

  @Test
  void databaseAtHead_hasNothingPendingAndTheNewestRunFirst() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    runner
        .withBean(DataSource.class, () -> dataSource)
        .run(
            context -> {
              RetortDescriptor retort =
                  context
                      .getBean(RetortEndpoint.class)
                      .retortBeans()
                      .contexts()
                      .get(context.getId())
                      .retortBeans()
                      .get("retort");
              assertThat(retort.atHead()).isTrue();
              assertThat(retort.pending()).isEmpty();
              assertThat(retort.lastRuns())
                  .extracting(HistoryRun::revision)
                  .containsExactly("b2", "a1");
            });
  }

  @Test
  void notExposed_backsOff() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                RetortAutoConfiguration.class, RetortEndpointAutoConfiguration.class))
        .withBean(DataSource.class, () -> TestDatabase.SQLITE.create(tempDir))
        .run(context -> assertThat(context).doesNotHaveBean(RetortEndpoint.class));
  }

  @Test
  void withoutActuator_backsOff() {
    runner
        .withBean(DataSource.class, () -> TestDatabase.SQLITE.create(tempDir))
        .withClassLoader(new FilteredClassLoader(Endpoint.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(RetortEndpoint.class);
            });
  }

  @Test
  void withoutRetortBean_backsOff() {
    runner.run(context -> assertThat(context).doesNotHaveBean(RetortEndpoint.class));
  }
}
