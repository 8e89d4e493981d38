package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.EnsureVersionCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:ensure-version}: creates the version and history tables. */
@Mojo(name = "ensure-version", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class EnsureVersionMojo extends AbstractRetortMojo {
  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new EnsureVersionCommand().run(retort(settings));
  }
}
