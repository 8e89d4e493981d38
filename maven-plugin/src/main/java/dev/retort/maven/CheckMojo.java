package dev.retort.maven;

import dev.retort.commands.CheckCommand;
import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn retort:check}: checks the checksums of the applied revisions, then the live schema for
 * drift from the revisions; fails the build on either.
 */
@Mojo(name = "check", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class CheckMojo extends AbstractRetortMojo {
  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new CheckCommand().run(retort(settings));
  }
}
