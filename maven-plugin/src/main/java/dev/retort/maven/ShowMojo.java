package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import dev.retort.commands.ShowCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:show}: one revision in full. */
@Mojo(name = "show", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class ShowMojo extends AbstractRetortMojo {
  /** The revision: an id, a unique prefix, or head. */
  @Parameter(property = "retort.revision", required = true)
  String revision;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new ShowCommand(revision).run(retort(settings));
  }
}
