package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.HeadsCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:heads}: this build's head(s). */
@Mojo(name = "heads", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class HeadsMojo extends AbstractRetortMojo {
  /** Show each head's details. */
  @Parameter(property = "retort.verbose", defaultValue = "false")
  boolean verbose;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new HeadsCommand(verbose).run(retort(settings));
  }
}
