package dev.retort.maven;

import dev.retort.commands.Settings;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * A goal that takes a target schema: {@code check}'s pending changes and {@code revision}'s
 * autogenerate. The target is a DDL file or a database, never both.
 */
abstract class TargetSchemaMojo extends AbstractRetortMojo {
  /**
   * A file of DDL with the schema the revisions should build, such as Hibernate's schema export;
   * run on a scratch database of the project's dialect. Relative to the project's directory.
   */
  @Parameter(property = "retort.targetDdl")
  File targetDdl;

  /** The JDBC URL of a database with the schema the revisions should build; only read. */
  @Parameter(property = "retort.targetUrl")
  String targetUrl;

  /** The target database's user. */
  @Parameter(property = "retort.targetUser")
  String targetUser;

  /**
   * The target database's password; better from {@code RETORT_TARGET_PASSWORD} or the properties
   * file than in the pom. Never printed.
   */
  @Parameter(property = "retort.targetPassword")
  String targetPassword;

  @Override
  Settings.Builder configure(Settings.Builder builder) {
    return builder
        .targetDdl(targetDdl == null ? null : targetDdl.toPath())
        .targetUrl(targetUrl)
        .targetUser(targetUser)
        .targetPassword(targetPassword)
        .environmentTargetPassword(System.getenv(Settings.TARGET_PASSWORD_VARIABLE));
  }
}
