package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.DowngradeCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Renderer;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:downgrade}: reverts applied revisions down to {@code -Dretort.target}. */
@Mojo(name = "downgrade", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class DowngradeMojo extends AbstractRetortMojo {
  /** The target: base, an id, -N, ... Required. */
  @Parameter(property = "retort.target", required = true)
  String target;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new DowngradeCommand(target)
        .run(retort(settings), applied -> getLog().info(redactor.redact(Renderer.progress(applied))));
  }
}
