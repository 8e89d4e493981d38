package dev.retort.commands;

import dev.retort.commands.internal.RevisionSourceWriter;
import dev.retort.commands.internal.RevisionSources;
import dev.retort.commands.internal.RevisionSources.Source;
import dev.retort.runtime.RetortException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code revision -m "message" [--rev-id X] [--head X] [--package P] [--source-dir D]}: writes a new
 * {@code @Revision} class whose {@code down} is the current head, read from the source files (the
 * build need not compile). The class name comes from the message; the bodies are empty.
 *
 * @param sourceDir the source root, usually {@code src/main/java}
 * @param message the revision's message; also gives the class name
 * @param revisionId the id to use, or null for a fresh random 12-hex id
 * @param head the revision to build on (an id or a unique prefix), or null for the one head
 * @param packageName the package, or null for the head's package
 */
public record RevisionCommand(
    Path sourceDir, String message, String revisionId, String head, String packageName) {
  public RevisionCommand {
    Objects.requireNonNull(sourceDir, "sourceDir == null");
    Objects.requireNonNull(message, "message == null");
  }

  /** Writes the file. */
  public CommandResult.SourceWritten run() {
    RevisionSources sources = RevisionSources.read(sourceDir);
    List<Source> downs;
    if (head != null) {
      downs = List.of(sources.resolve(head));
    } else {
      List<Source> heads = sources.heads();
      if (heads.size() > 1) {
        throw new RetortException(
            "the sources under "
                + sourceDir
                + " have "
                + heads.size()
                + " heads: "
                + RevisionSources.describe(heads)
                + "; run merge heads -m \"...\" first, or choose one with --head");
      }
      downs = heads;
    }
    return Scaffold.write(sourceDir, sources, downs, message, revisionId, packageName);
  }

  /** What {@code revision} and {@code merge} share: the id, the name, the package, the file. */
  static final class Scaffold {
    private Scaffold() {}

    static CommandResult.SourceWritten write(
        Path sourceDir,
        RevisionSources sources,
        List<Source> downs,
        String message,
        String revisionId,
        String packageName) {
      String id = revisionId;
      if (id == null) {
        do {
          id = RevisionSourceWriter.newId();
        } while (sources.find(id) != null);
      } else {
        String problem = RevisionSourceWriter.checkId(id);
        if (problem != null) {
          throw new UsageException("--rev-id " + id + " is not a revision id: " + problem);
        }
        Source taken = sources.find(id);
        if (taken != null) {
          throw new UsageException(
              "--rev-id "
                  + id
                  + " is taken by "
                  + taken.className()
                  + " ("
                  + taken.file()
                  + "); leave --rev-id out for a fresh one");
        }
      }
      String pkg = packageName;
      if (pkg == null) {
        if (downs.isEmpty() && sources.sources().isEmpty()) {
          throw new UsageException(
              "no revision under " + sourceDir + " to take a package from; give --package");
        }
        pkg = (downs.isEmpty() ? sources.sources() : downs).get(0).packageName();
      }
      String className = RevisionSourceWriter.className(message);
      if (className == null) {
        className = "Revision_" + id;
      }
      List<String> downIds = downs.stream().map(Source::id).toList();
      Path file;
      try {
        file = RevisionSourceWriter.write(sourceDir, pkg, className, id, downIds, message);
      } catch (IllegalStateException exists) {
        throw new RetortException(
            exists.getMessage() + " already exists; give the revision another message");
      }
      return new CommandResult.SourceWritten(
          file, id, downIds, pkg.isEmpty() ? className : pkg + "." + className, message);
    }
  }
}
