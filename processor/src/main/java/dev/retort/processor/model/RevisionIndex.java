package dev.retort.processor.model;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * The list of a module's revisions that each successful compile leaves in its class output, {@code
 * META-INF/retort/revisions}, so that the next compile sees the whole graph even when it is handed
 * only some of the revision files: maven-compiler-plugin with {@code
 * useIncrementalCompilation=false} passes only the stale sources, and IDEs and Gradle recompile
 * what changed. The processor resolves each name with {@code Elements.getTypeElement}, from the
 * class files of the earlier compile, as AutoService reads back its service files.
 *
 * <p>Each line is {@code <qualified name> <id> <checksum>} ({@code -} for no checksum). The
 * checksum is there because a class file has no source to compute it from; it counts only while the
 * class file still declares the id recorded with it.
 */
public final class RevisionIndex {
  /** The resource, under the class output. */
  public static final String PATH = "META-INF/retort/revisions";

  private static final String HEADER =
      "# Retort: the revisions of this module's last successful compile, read back by the next"
          + " one. Generated; do not edit.\n";

  /**
   * What the earlier compile recorded for one revision.
   *
   * @param id the id it declared
   * @param checksum its checksum, empty if none was computed
   */
  public record Entry(String id, Optional<String> checksum) {
    public Entry {
      Objects.requireNonNull(id, "id == null");
      Objects.requireNonNull(checksum, "checksum == null");
    }
  }

  private RevisionIndex() {}

  /**
   * The entries of the earlier compile by qualified name, in file order; empty when there was none
   * (a first or clean build) or the file cannot be read (a filer without {@code getResource}).
   */
  public static Map<String, Entry> read(Filer filer) {
    String text;
    try {
      FileObject file = filer.getResource(StandardLocation.CLASS_OUTPUT, "", PATH);
      try (Reader reader = file.openReader(true)) {
        StringBuilder content = new StringBuilder();
        char[] buffer = new char[8192];
        for (int n; (n = reader.read(buffer)) >= 0; ) {
          content.append(buffer, 0, n);
        }
        text = content.toString();
      }
    } catch (IOException | RuntimeException e) {
      // No such file yet (javac throws FileNotFoundException or NoSuchFileException), or a build
      // tool's filer that cannot read its output (IllegalArgumentException, Unsupported...): the
      // read is a help, never a reason to fail, and this compile then sees only its own revisions.
      return Map.of();
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] fields = line.strip().split(" ");
      if (line.startsWith("#") || fields.length != 3) {
        continue;
      }
      entries.put(
          fields[0],
          new Entry(fields[1], fields[2].equals("-") ? Optional.empty() : Optional.of(fields[2])));
    }
    return entries;
  }

  /**
   * Writes the list of {@code revisions} (every revision of the module, in registry order) with
   * their elements as originating elements.
   */
  public static void write(Filer filer, Collection<RevisionModel> revisions) throws IOException {
    Element[] originating = revisions.stream().map(RevisionModel::type).toArray(Element[]::new);
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, originating);
    try (Writer writer = file.openWriter()) {
      writer.write(HEADER);
      for (RevisionModel revision : revisions) {
        writer.write(
            revision.qualifiedName()
                + " "
                + revision.id()
                + " "
                + revision.checksum().orElse("-")
                + "\n");
      }
    }
  }
}
