package dev.retort.maven;

import dev.retort.commands.CheckCommand;
import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn retort:check}: checks the checksums of the applied revisions, then the live schema for
 * drift from the revisions; fails the build on either.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class CheckMojo extends AbstractRetortMojo {
  /**
   * The JDBC URL of an empty PostgreSQL database that the drift check replays the revisions into,
   * instead of a temporary schema in the live database; reached with the same user and password
   * unless the URL names its own.
   */
  @Parameter(property = "retort.scratchUrl")
  String scratchUrl;

  @Override
  String scratchUrl() {
    return scratchUrl;
  }

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new CheckCommand().run(retort(settings));
  }
}
