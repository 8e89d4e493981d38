package dev.retort.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.spring.boot.autoconfigure.db.RetortRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The auto-configuration in application contexts that Boot's {@link ApplicationContextRunner}
 * starts: every {@code retort.*} property, the qualifier, the strategy, the ordering before the
 * database's users, and when it backs off. The same tests run against Boot 3 in
 * spring-boot/boot3-tests.
 */
class RetortAutoConfigurationTest {
  private static final String HEAD = "b2";

  @TempDir Path tempDir;

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(RetortAutoConfiguration.class));

  private ApplicationContextRunner with(DataSource dataSource) {
    return runner.withBean(DataSource.class, () -> dataSource);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void dataSource_upgradesToHeadAtStart(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);

    with(dataSource)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).hasSingleBean(Retort.class);
              assertThat(context).hasSingleBean(RetortMigrationInitializer.class);
              assertThat(context.getBean(Retort.class).current().revisions()).containsExactly(HEAD);
            });

    assertThat(TestDatabase.query(dataSource, "SELECT version_num FROM retort_version"))
        .containsExactly(HEAD);
    assertThat(TestDatabase.columns(dataSource, "note").toString()).contains("author");
  }

  @Test
  void bootsOwnDataSourceAutoConfiguration_isWaitedFor() throws ClassNotFoundException {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    // Listed first, but ordered after Boot's DataSourceAutoConfiguration, whose DataSource its
    // @ConditionalOnBean needs to see; that class has another name in each Boot version.
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(RetortAutoConfiguration.class, dataSourceAutoConfiguration()))
        .withPropertyValues("spring.datasource.url=" + TestDatabase.SQLITE.jdbcUrl(dataSource))
        .run(context -> assertThat(context).hasSingleBean(RetortMigrationInitializer.class));

    assertThat(TestDatabase.query(dataSource, "SELECT version_num FROM retort_version"))
        .containsExactly(HEAD);
  }

  /** Boot 4's DataSourceAutoConfiguration, or Boot 3's, whichever this test runs against. */
  private static Class<?> dataSourceAutoConfiguration() throws ClassNotFoundException {
    try {
      return Class.forName(
          "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration");
    } catch (ClassNotFoundException boot3) {
      return Class.forName(
          "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration");
    }
  }

  @Test
  void noDataSource_backsOff() {
    runner.run(
        context -> {
          assertThat(context).hasNotFailed();
          assertThat(context).doesNotHaveBean(Retort.class);
          assertThat(context).doesNotHaveBean(RetortMigrationInitializer.class);
        });
  }

  @Test
  void enabledFalse_backsOffAndLeavesTheDatabaseAlone() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    with(dataSource)
        .withPropertyValues("retort.enabled=false")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(context).doesNotHaveBean(Retort.class);
            });

    assertThat(TestDatabase.tables(dataSource)).isEmpty();
  }

  @Test
  void retortNotOnClassPath_backsOff() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withClassLoader(new FilteredClassLoader(Retort.class))
        .run(context -> assertThat(context).doesNotHaveBean(RetortMigrationInitializer.class));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void target_upgradesOnlyThatFar(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);

    with(dataSource)
        .withPropertyValues("retort.target=a1")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(TestDatabase.query(dataSource, "SELECT version_num FROM retort_version"))
        .containsExactly("a1");
    assertThat(TestDatabase.columns(dataSource, "note").toString()).doesNotContain("author");
  }

  @Test
  void versionAndHistoryTable_nameTheTablesRetortWrites() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    with(dataSource)
        .withPropertyValues("retort.version-table=app_version", "retort.history-table=app_history")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(TestDatabase.tables(dataSource))
        .contains("app_version", "app_history", "note")
        .doesNotContain("retort_version", "retort_history");
    assertThat(TestDatabase.query(dataSource, "SELECT version_num FROM app_version"))
        .containsExactly(HEAD);
    assertThat(TestDatabase.query(dataSource, "SELECT revision_id FROM app_history ORDER BY id"))
        .containsExactly("a1", HEAD);
  }

  @Test
  void lockTimeout_reachesTheRuntime() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withPropertyValues("retort.lock-timeout=7s")
        .run(
            context ->
                assertThat(context.getBean(Retort.class).config().lockTimeout())
                    .isEqualTo(Duration.ofSeconds(7)));
  }

  @Test
  void revisionGuards_reachTheRuntime() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withPropertyValues(
            "retort.revision-lock-timeout=3s",
            "retort.revision-statement-timeout=2m",
            "retort.revision-retries=4",
            "retort.revision-retry-delay=500ms")
        .run(
            context -> {
              RetortConfig config = context.getBean(Retort.class).config();
              assertThat(config.revisionLockTimeout()).isEqualTo(Duration.ofSeconds(3));
              assertThat(config.revisionStatementTimeout()).isEqualTo(Duration.ofMinutes(2));
              assertThat(config.revisionAttempts()).isEqualTo(4);
              assertThat(config.revisionRetryDelay()).isEqualTo(Duration.ofMillis(500));
            });
  }

  @Test
  void defaults_areTheRuntimes() {
    with(TestDatabase.SQLITE.create(tempDir))
        .run(
            context -> {
              Retort retort = context.getBean(Retort.class);
              assertThat(retort.config().versionTable()).isEqualTo("retort_version");
              assertThat(retort.config().historyTable()).isEqualTo("retort_history");
              assertThat(retort.config().lockTimeout()).isEqualTo(Duration.ofMinutes(5));
              assertThat(retort.config().revisionLockTimeout())
                  .isEqualTo(RetortConfig.DEFAULT_REVISION_LOCK_TIMEOUT);
              assertThat(retort.config().revisionStatementTimeout()).isEqualTo(Duration.ZERO);
              assertThat(retort.config().revisionAttempts()).isEqualTo(1);
              assertThat(context.getBean(RetortProperties.class).getTarget()).isEqualTo("head");
            });
  }

  @Test
  void invalidVersionTable_failsTheStartNamingTheSetting() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withPropertyValues("retort.version-table=bad-name")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("versionTable \"bad-name\" is not a plain SQL name");
            });
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void url_migratesThatDatabaseNotTheApplicationsOne(TestDatabase database) {
    DataSource application = database.create(tempDir);
    DataSource migrated = database.create(tempDir);

    with(application)
        .withPropertyValues("retort.url=" + database.jdbcUrl(migrated))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(TestDatabase.query(migrated, "SELECT version_num FROM retort_version"))
        .containsExactly(HEAD);
    assertThat(TestDatabase.tables(application)).isEmpty();
  }

  @Test
  void urlWithoutAnyDataSourceBean_stillMigrates() {
    DataSource migrated = TestDatabase.SQLITE.create(tempDir);

    runner
        .withPropertyValues("retort.url=" + TestDatabase.SQLITE.jdbcUrl(migrated))
        .run(context -> assertThat(context).hasSingleBean(Retort.class));

    assertThat(TestDatabase.query(migrated, "SELECT version_num FROM retort_version"))
        .containsExactly(HEAD);
  }

  @Test
  void userAndPassword_connectAsThatUser() {
    DataSource database = TestDatabase.POSTGRES.create(tempDir);
    String name = TestDatabase.query(database, "SELECT current_database()").get(0);
    String url = TestDatabase.POSTGRES.jdbcUrl(database).replaceAll("[?&]user=postgres", "");
    TestDatabase.execute(
        database,
        "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'migrator') THEN"
            + " CREATE ROLE migrator LOGIN PASSWORD 'secret'; END IF; END $$");
    TestDatabase.execute(database, "ALTER DATABASE " + name + " OWNER TO migrator");
    TestDatabase.execute(database, "ALTER SCHEMA public OWNER TO migrator");

    // No retort.url: the user and password apply to spring.datasource.url, as Flyway's do.
    with(database)
        .withPropertyValues(
            "spring.datasource.url=" + url, "retort.user=migrator", "retort.password=secret")
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(TestDatabase.query(database, "SELECT DISTINCT applied_by FROM retort_history"))
        .containsExactly("migrator");
    String owner = "SELECT tableowner FROM pg_tables WHERE tablename = 'note'";
    assertThat(TestDatabase.query(database, owner)).containsExactly("migrator");
  }

  @Test
  void userWithoutAnyUrl_failsNamingBothSettings() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withPropertyValues("retort.user=migrator")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining(
                      "retort.user is set but neither retort.url nor spring.datasource.url is");
            });
  }

  @Test
  void retortDataSourceQualifier_winsOverThePrimary() {
    DataSource primary = TestDatabase.SQLITE.create(tempDir);
    DataSource forMigrations = TestDatabase.SQLITE.create(tempDir);

    runner
        .withBean("primary", DataSource.class, () -> primary, bd -> bd.setPrimary(true))
        .withBean(
            "migrations",
            DataSource.class,
            () -> forMigrations,
            bd ->
                ((AbstractBeanDefinition) bd)
                    .addQualifier(new AutowireCandidateQualifier(RetortDataSource.class)))
        .run(context -> assertThat(context).hasNotFailed());

    assertThat(TestDatabase.query(forMigrations, "SELECT version_num FROM retort_version"))
        .containsExactly(HEAD);
    assertThat(TestDatabase.tables(primary)).isEmpty();
  }

  @Test
  void strategyBean_replacesTheUpgrade() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    List<Retort> seen = new ArrayList<>();

    with(dataSource)
        .withBean(RetortMigrationStrategy.class, () -> seen::add)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(seen).containsExactly(context.getBean(Retort.class));
            });

    assertThat(TestDatabase.tables(dataSource)).isEmpty();
  }

  @Test
  void validateOnlyStrategy_failsTheStartOfADatabaseBehindHead() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);

    with(dataSource)
        .withBean(
            RetortMigrationStrategy.class,
            () ->
                retort -> {
                  if (!retort.current().isAtHead()) {
                    throw new IllegalStateException("database is not at head");
                  }
                  retort.validate();
                })
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessage("database is not at head");
            });
  }

  @Test
  void registryBean_isUsedInsteadOfServiceLoader() {
    with(TestDatabase.SQLITE.create(tempDir))
        .withBean(RevisionRegistry.class, () -> RetortRegistry.INSTANCE)
        .run(
            context ->
                assertThat(context.getBean(Retort.class).config().registry())
                    .isSameAs(RetortRegistry.INSTANCE));
    // Without the bean, ServiceLoader creates an instance of its own.
    with(TestDatabase.SQLITE.create(tempDir))
        .run(
            context ->
                assertThat(context.getBean(Retort.class).config().registry())
                    .isInstanceOf(RetortRegistry.class)
                    .isNotSameAs(RetortRegistry.INSTANCE));
  }

  @Test
  void ownRetortBean_backsOffButIsStillMigratedFirst() {
    DataSource dataSource = TestDatabase.SQLITE.create(tempDir);
    Retort own = Retort.configure().dataSource(dataSource).versionTable("own_version").load();

    with(dataSource)
        .withBean(Retort.class, () -> own)
        .run(context -> assertThat(context.getBean(Retort.class)).isSameAs(own));

    assertThat(TestDatabase.query(dataSource, "SELECT version_num FROM own_version"))
        .containsExactly(HEAD);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void databaseUsers_areCreatedAfterTheUpgrade(TestDatabase database) {
    DataSource dataSource = database.create(tempDir);

    with(dataSource)
        .withUserConfiguration(DatabaseUsers.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              // Boot's mechanism, not the order beans happen to be created in: each user of the
              // database, and the spring.sql.init scripts, depend on Retort's initializer.
              for (String user : List.of("jdbcTemplate", "scripts", "annotatedNoteReader")) {
                assertThat(context.getBeanFactory().getBeanDefinition(user).getDependsOn())
                    .as(user)
                    .contains("retortMigrationInitializer");
              }
              assertThat(context.getBean(NoteCount.class).value()).isEqualTo(1);
              assertThat(context.getBean(AnnotatedNoteReader.class).bodies())
                  .containsExactly("from spring.sql.init");
            });
  }

  /** A JdbcTemplate user, a spring.sql.init script and a bean marked as using the database. */
  @Configuration(proxyBeanMethods = false)
  static class DatabaseUsers {
    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource) {
      return new JdbcTemplate(dataSource);
    }

    @Bean
    NoteCount noteCount(JdbcTemplate jdbc) {
      return new NoteCount(jdbc.queryForObject("SELECT COUNT(*) FROM note", Integer.class));
    }

    @Bean
    DataSourceScriptDatabaseInitializer scripts(DataSource dataSource) {
      DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
      settings.setDataLocations(List.of("classpath:retort-test-data.sql"));
      settings.setMode(DatabaseInitializationMode.ALWAYS);
      return new DataSourceScriptDatabaseInitializer(dataSource, settings);
    }

    @Bean
    @DependsOnDatabaseInitialization
    AnnotatedNoteReader annotatedNoteReader(DataSource dataSource) {
      return new AnnotatedNoteReader(
          TestDatabase.query(dataSource, "SELECT body FROM note WHERE author IS NOT NULL"));
    }
  }

  record NoteCount(int value) {}

  @DependsOnDatabaseInitialization
  record AnnotatedNoteReader(List<String> bodies) {}
}
