package dev.retort.commands;

import dev.retort.commands.internal.RevisionSources;
import dev.retort.commands.internal.RevisionSources.Source;
import dev.retort.runtime.RetortException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code merge [heads | rev rev...] -m "message"}: writes a merge revision whose {@code down} lists
 * the heads (or the given revisions). Reads the graph from the source files, so it works exactly
 * when the build fails with {@code [Retort/MultipleHeads]}.
 *
 * @param sourceDir the source root, usually {@code src/main/java}
 * @param revisions {@code heads} (or empty) for every head, or two or more ids or prefixes
 * @param message the merge revision's message
 * @param revisionId the id to use, or null for a fresh random 12-hex id
 * @param packageName the package, or null for the first merged revision's package
 */
public record MergeCommand(
    Path sourceDir, List<String> revisions, String message, String revisionId, String packageName) {
  public MergeCommand {
    Objects.requireNonNull(sourceDir, "sourceDir == null");
    revisions = List.copyOf(revisions);
    Objects.requireNonNull(message, "message == null");
  }

  /** Writes the file. */
  public CommandResult.SourceWritten run() {
    RevisionSources sources = RevisionSources.read(sourceDir);
    List<Source> downs = new ArrayList<>();
    if (revisions.isEmpty() || revisions.equals(List.of("heads"))) {
      downs.addAll(sources.heads());
      if (downs.size() < 2) {
        throw new RetortException(
            "the sources under "
                + sourceDir
                + " have "
                + (downs.isEmpty() ? "no head" : "one head, " + RevisionSources.describe(downs))
                + "; there is nothing to merge");
      }
    } else {
      for (String revision : revisions) {
        Source source = sources.resolve(revision);
        if (!downs.contains(source)) {
          downs.add(source);
        }
      }
      if (downs.size() < 2) {
        throw new UsageException(
            "merge needs two or more revisions, or heads; got " + String.join(" ", revisions));
      }
    }
    return RevisionCommand.Scaffold.write(
        sourceDir, sources, downs, message, revisionId, packageName, null);
  }
}
