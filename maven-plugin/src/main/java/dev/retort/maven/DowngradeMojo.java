package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.DowngradeCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Renderer;
import dev.retort.commands.ScriptCommand;
import dev.retort.commands.Settings;
import dev.retort.runtime.Direction;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:downgrade}: reverts applied revisions down to {@code -Dretort.target}. */
@Mojo(name = "downgrade", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class DowngradeMojo extends AbstractRetortMojo {
  /** The target: base, an id, -N, ... Required. */
  @Parameter(property = "retort.target", required = true)
  String target;

  /** Write the SQL script to {@code sqlFile} instead of running it (Alembic's --sql). */
  @Parameter(property = "retort.sql", defaultValue = "false")
  boolean sql;

  /** With {@code sql}, a revision that reads the database becomes a comment instead of failing. */
  @Parameter(property = "retort.sqlPlaceholders", defaultValue = "false")
  boolean sqlPlaceholders;

  /** Where {@code sql} writes the script. */
  @Parameter(
      property = "retort.sqlFile",
      defaultValue = "${project.build.directory}/retort-downgrade.sql")
  File sqlFile;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    if (sql) {
      return new ScriptCommand(Direction.DOWNGRADE, target, sqlPlaceholders)
          .run(retort(settings), sqlFile.toPath());
    }
    return new DowngradeCommand(target)
        .run(retort(settings), applied -> getLog().info(redactor.redact(Renderer.progress(applied))));
  }
}
