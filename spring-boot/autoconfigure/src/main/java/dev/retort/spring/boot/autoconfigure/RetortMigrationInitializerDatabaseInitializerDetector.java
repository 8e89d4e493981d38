package dev.retort.spring.boot.autoconfigure;

import java.util.Set;
import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDatabaseInitializerDetector;

/**
 * Tells Boot that {@link RetortMigrationInitializer} beans initialise the database, so that every
 * bean that depends on database initialisation is created after them: Boot's {@code
 * DatabaseInitializerDetector}, registered in {@code META-INF/spring.factories}. Its package is the
 * same in Boot 3 ({@code spring-boot}) and Boot 4 ({@code spring-boot-sql}).
 */
class RetortMigrationInitializerDatabaseInitializerDetector
    extends AbstractBeansOfTypeDatabaseInitializerDetector {
  /**
   * Flyway's and Liquibase's order: before {@code spring.sql.init} scripts (Boot gives those
   * {@code Ordered.LOWEST_PRECEDENCE - 100}), which may insert into the tables revisions create.
   */
  static final int ORDER = 1;

  @Override
  protected Set<Class<?>> getDatabaseInitializerBeanTypes() {
    return Set.of(RetortMigrationInitializer.class);
  }

  @Override
  public int getOrder() {
    return ORDER;
  }
}
