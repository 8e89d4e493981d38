package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.RevisionCommand;
import dev.retort.commands.Settings;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:revision}: writes a new revision class on top of the head, read from the sources. */
@Mojo(name = "revision", requiresDependencyResolution = ResolutionScope.NONE, threadSafe = true)
public final class RevisionMojo extends AbstractRetortMojo {
  /** The revision's message; also gives the class name. */
  @Parameter(property = "retort.message", required = true)
  String message;

  /** The id; default 12 random hex digits. */
  @Parameter(property = "retort.revId")
  String revId;

  /** The revision to build on; default the one head. */
  @Parameter(property = "retort.head")
  String head;

  /** The package; default the head's. */
  @Parameter(property = "retort.package")
  String packageName;

  /** The source root. */
  @Parameter(property = "retort.sourceDir", defaultValue = "${project.build.sourceDirectory}")
  File sourceDir;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new RevisionCommand(sourceDir.toPath(), message, revId, head, packageName).run();
  }
}
