package dev.retort.spring.boot.autoconfigure;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RevisionRegistry;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Upgrades the database with Retort when the application starts, the way Boot's own Flyway and
 * Liquibase auto-configurations do. Active when Retort is on the class path, there is a {@code
 * DataSource} (or {@code retort.url} names a database) and {@code retort.enabled} is not false.
 *
 * <p>Beans: a {@link Retort} configured from {@link RetortProperties}, with the registry bean if
 * the application declares a {@link RevisionRegistry} (the form for native images), else the one
 * generated registry found through {@code ServiceLoader}; and a {@link RetortMigrationInitializer}
 * that runs the {@link RetortMigrationStrategy} bean, or {@code upgrade(retort.target)}. Each backs
 * off when the application declares its own. The initializer is ordered before every bean that uses
 * the database by Boot's database-initialisation dependency mechanism, not by {@code @DependsOn}.
 *
 * <p>The database: a {@code DataSource} marked {@link RetortDataSource}; else a connection of its
 * own when {@code retort.url} or {@code retort.user} is set (missing parts come from {@code
 * spring.datasource.*}); else the application's DataSource.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration", // Boot 4
      "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration" // Boot 3
    })
@ConditionalOnClass(Retort.class)
@Conditional(RetortAutoConfiguration.MigrationDatabaseCondition.class)
@ConditionalOnProperty(prefix = "retort", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(RetortProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
public class RetortAutoConfiguration {

  /** Creates the auto-configuration; Spring calls this. */
  public RetortAutoConfiguration() {}

  /** The configured {@link Retort}; opens no connection. */
  @Bean
  @ConditionalOnMissingBean
  public Retort retort(
      RetortProperties properties,
      ObjectProvider<DataSource> dataSource,
      @RetortDataSource ObjectProvider<DataSource> retortDataSource,
      ObjectProvider<RevisionRegistry> registry,
      ResourceLoader resourceLoader,
      Environment environment) {
    RetortConfig.Builder builder =
        Retort.configure()
            .versionTable(properties.getVersionTable())
            .historyTable(properties.getHistoryTable())
            .lockTimeout(properties.getLockTimeout())
            .revisionLockTimeout(properties.getRevisionLockTimeout())
            .revisionStatementTimeout(properties.getRevisionStatementTimeout())
            .revisionRetries(properties.getRevisionRetries(), properties.getRevisionRetryDelay());
    ClassLoader classLoader = resourceLoader.getClassLoader();
    if (classLoader != null) {
      // The application's loader, which in an executable jar is not always the context loader.
      builder.classLoader(classLoader);
    }
    RevisionRegistry declared = registry.getIfUnique();
    if (declared != null) {
      builder.registry(declared);
    }
    DataSource qualified = retortDataSource.getIfAvailable();
    if (qualified != null) {
      builder.dataSource(qualified);
    } else if (properties.hasOwnConnection()) {
      String url = firstSet(properties.getUrl(), environment.getProperty("spring.datasource.url"));
      if (url == null) {
        throw new IllegalStateException(
            "retort.user is set but neither retort.url nor spring.datasource.url is; set"
                + " retort.url to the JDBC URL of the database to migrate");
      }
      builder.dataSource(
          url,
          firstSet(properties.getUser(), environment.getProperty("spring.datasource.username")),
          firstSet(
              properties.getPassword(), environment.getProperty("spring.datasource.password")));
    } else {
      DataSource primary = dataSource.getIfUnique();
      if (primary == null) {
        throw new IllegalStateException(
            "Retort found several DataSource beans and none is primary; mark the one to migrate"
                + " with @RetortDataSource (or another with @Primary), or set retort.url");
      }
      builder.dataSource(primary);
    }
    return builder.load();
  }

  /** Runs the strategy bean, or {@code upgrade(retort.target)}, before the database is used. */
  @Bean
  @ConditionalOnMissingBean
  public RetortMigrationInitializer retortMigrationInitializer(
      Retort retort,
      ObjectProvider<RetortMigrationStrategy> strategy,
      RetortProperties properties) {
    String target = properties.getTarget();
    return new RetortMigrationInitializer(
        retort, strategy.getIfAvailable(() -> upgrading -> upgrading.upgrade(target)));
  }

  private static String firstSet(String preferred, String fallback) {
    return preferred != null ? preferred : fallback;
  }

  /** A DataSource bean, or a database named by {@code retort.url}. */
  static final class MigrationDatabaseCondition extends AnyNestedCondition {
    MigrationDatabaseCondition() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnBean(DataSource.class)
    private static final class DataSourceBean {}

    @ConditionalOnProperty(prefix = "retort", name = "url")
    private static final class MigrationUrl {}
  }
}
