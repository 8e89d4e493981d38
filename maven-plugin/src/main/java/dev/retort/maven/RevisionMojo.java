package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.Redactor;
import dev.retort.commands.RevisionCommand;
import dev.retort.commands.Settings;
import dev.retort.commands.UsageException;
import dev.retort.runtime.Retort;
import java.io.File;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * {@code mvn retort:revision}: writes a new revision class on top of the head, read from the
 * sources. With {@code -Dretort.autogenerate}, its upgrade and downgrade make the difference
 * between the schema the compiled revisions build and the target schema ({@code targetDdl} or
 * {@code targetUrl}); nothing is written when they match. Autogenerate runs the revisions in
 * scratch space on the project's database ({@code url}), so compile the project first.
 */
@Mojo(name = "revision", requiresDependencyResolution = ResolutionScope.RUNTIME, threadSafe = true)
public final class RevisionMojo extends TargetSchemaMojo {
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

  /** Generate the bodies from the difference with the target schema. */
  @Parameter(property = "retort.autogenerate", defaultValue = "false")
  boolean autogenerate;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    RevisionCommand command =
        new RevisionCommand(sourceDir.toPath(), message, revId, head, packageName);
    if (!autogenerate) {
      return command.run();
    }
    if (!settings.hasTarget()) {
      throw new UsageException(
          "retort:revision with retort.autogenerate needs the target schema: set targetDdl (a"
              + " file of DDL that creates it) or targetUrl (a database that has it)");
    }
    Retort retort = retort(settings);
    // retort(...) set the project's class loader, which holds the target database's driver.
    return command.autogenerate(
        retort,
        settings.target(Thread.currentThread().getContextClassLoader()),
        settings.targetName());
  }
}
