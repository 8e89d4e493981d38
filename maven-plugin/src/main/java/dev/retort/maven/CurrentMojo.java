package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.CurrentCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:current}: the revision(s) the database is at; {@code -Dretort.checkHeads} fails the build unless at head. */
@Mojo(name = "current", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class CurrentMojo extends AbstractRetortMojo {
  /** Show each revision's details. */
  @Parameter(property = "retort.verbose", defaultValue = "false")
  boolean verbose;

  /** Fail the build unless the database is at head. */
  @Parameter(property = "retort.checkHeads", defaultValue = "false")
  boolean checkHeads;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new CurrentCommand(verbose, checkHeads).run(retort(settings));
  }
}
