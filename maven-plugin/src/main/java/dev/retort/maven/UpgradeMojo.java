package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Renderer;
import dev.retort.commands.Settings;
import dev.retort.commands.UpgradeCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:upgrade}: applies revisions up to {@code -Dretort.target} (default head). */
@Mojo(name = "upgrade", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class UpgradeMojo extends AbstractRetortMojo {
  /** The target; default head. */
  @Parameter(property = "retort.target", defaultValue = "head")
  String target;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new UpgradeCommand(target)
        .run(retort(settings), applied -> getLog().info(redactor.redact(Renderer.progress(applied))));
  }
}
