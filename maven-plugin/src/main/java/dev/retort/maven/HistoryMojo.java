package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.HistoryCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:history}: every revision, newest first. */
@Mojo(name = "history", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class HistoryMojo extends AbstractRetortMojo {
  /** start:end, either side optional. */
  @Parameter(property = "retort.range")
  String range;

  /** Details of each revision (reads the database). */
  @Parameter(property = "retort.verbose", defaultValue = "false")
  boolean verbose;

  /** Mark the current revision (reads the database). */
  @Parameter(property = "retort.indicateCurrent", defaultValue = "false")
  boolean indicateCurrent;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new HistoryCommand(range, verbose, indicateCurrent).run(retort(settings));
  }
}
