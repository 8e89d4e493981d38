package dev.retort.spring.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the {@code DataSource} that Retort migrates, when it is not the application's primary one
 * (a pool with DDL rights, say). It takes precedence over {@code retort.url} and over the primary
 * DataSource.
 *
 * <pre>{@code
 * @Bean @RetortDataSource
 * DataSource migrationDataSource() { ... }
 * }</pre>
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface RetortDataSource {}
