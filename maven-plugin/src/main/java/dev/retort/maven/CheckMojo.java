package dev.retort.maven;

import dev.retort.commands.CheckCommand;
import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import dev.retort.runtime.Retort;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn retort:check}: checks the checksums of the applied revisions, then the live schema for
 * drift from the revisions, then, when a target schema is set ({@code targetDdl} or {@code
 * targetUrl}), the schema the revisions build at head against it for pending changes; fails the
 * build on any.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class CheckMojo extends TargetSchemaMojo {
  /**
   * The JDBC URL of an empty PostgreSQL database that the drift check replays the revisions into,
   * instead of a temporary schema in the live database; reached with the same user and password
   * unless the URL names its own.
   */
  @Parameter(property = "retort.scratchUrl")
  String scratchUrl;

  @Override
  Settings.Builder configure(Settings.Builder builder) {
    return super.configure(builder).scratchUrl(scratchUrl);
  }

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    Retort retort = retort(settings);
    // retort(...) set the project's class loader, which holds the target database's driver.
    return new CheckCommand(
            settings.target(Thread.currentThread().getContextClassLoader()),
            settings.targetName())
        .run(retort);
  }
}
