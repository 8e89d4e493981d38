package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import dev.retort.commands.StampCommand;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:stamp}: sets the version table to a revision without running any. */
@Mojo(name = "stamp", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class StampMojo extends AbstractRetortMojo {
  /** head, base or an id. */
  @Parameter(property = "retort.target", required = true)
  String target;

  /** Accepted for Alembic's scripts: Retort's stamp always replaces every row. */
  @Parameter(property = "retort.purge", defaultValue = "false")
  boolean purge;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new StampCommand(target).run(retort(settings));
  }
}
