package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.MergeCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Settings;
import java.io.File;
import java.util.List;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/** {@code mvn retort:merge}: writes a merge revision joining the heads; works when two heads fail the build. */
@Mojo(name = "merge", requiresDependencyResolution = ResolutionScope.NONE, threadSafe = true)
public final class MergeMojo extends AbstractRetortMojo {
  /** The revisions to merge; default every head. */
  @Parameter(property = "retort.revisions")
  List<String> revisions;

  /** The merge revision's message. */
  @Parameter(property = "retort.message", required = true)
  String message;

  /** The id; default 12 random hex digits. */
  @Parameter(property = "retort.revId")
  String revId;

  /** The package; default the first merged revision's. */
  @Parameter(property = "retort.package")
  String packageName;

  /** The source root. */
  @Parameter(property = "retort.sourceDir", defaultValue = "${project.build.sourceDirectory}")
  File sourceDir;

  @Override
  CommandResult run(Settings settings, Redactor redactor) {
    return new MergeCommand(
            sourceDir.toPath(), revisions == null ? List.of() : revisions, message, revId,
            packageName)
        .run();
  }
}
