package dev.retort.maven;

import dev.retort.commands.BranchesCommand;
import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:branches}: the revisions where the history branches. */
@Mojo(name = "branches", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class BranchesMojo extends AbstractRetortMojo {
  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new BranchesCommand().run(retort(settings));
  }
}
