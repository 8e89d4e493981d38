package dev.retort.spring.boot.autoconfigure;

import dev.retort.runtime.Retort;
import java.util.Objects;
import org.springframework.beans.factory.InitializingBean;

/**
 * Runs the migration strategy when the application context creates this bean. Boot orders it
 * before every bean that uses the database (JPA's EntityManagerFactory, JdbcTemplate, {@code
 * spring.sql.init} scripts, anything marked {@code @DependsOnDatabaseInitialization}) through its
 * {@code DatabaseInitializerDetector} mechanism, as it does for Flyway and Liquibase.
 */
public class RetortMigrationInitializer implements InitializingBean {
  private final Retort retort;
  private final RetortMigrationStrategy strategy;

  /** Runs {@code strategy} on {@code retort}. */
  public RetortMigrationInitializer(Retort retort, RetortMigrationStrategy strategy) {
    this.retort = Objects.requireNonNull(retort, "retort == null");
    this.strategy = Objects.requireNonNull(strategy, "strategy == null");
  }

  @Override
  public void afterPropertiesSet() {
    strategy.migrate(retort);
  }

  /** The Retort this initializer migrates with. */
  public Retort retort() {
    return retort;
  }
}
