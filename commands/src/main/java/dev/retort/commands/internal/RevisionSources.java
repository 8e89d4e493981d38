package dev.retort.commands.internal;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.Trees;
import dev.retort.runtime.RetortException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The revision graph read from source files with the JDK's parse-only compiler API, so that
 * scaffolding works exactly when the build does not compile: two heads is a compile error, and a
 * merge revision is its fix. Reads only literal {@code id}, {@code down} and {@code message} values.
 */
public final class RevisionSources {
  private static final String REVISION = "dev.retort.Revision";

  /**
   * One {@code @Revision} class found in a source file.
   *
   * @param id its id
   * @param downs its down ids
   * @param message its message, possibly empty
   * @param packageName its package, empty for the unnamed package
   * @param className its simple name (nested classes as {@code Outer.Inner})
   * @param file the source file
   * @param line the annotation's line
   */
  public record Source(
      String id,
      List<String> downs,
      String message,
      String packageName,
      String className,
      Path file,
      long line) {
    public Source {
      downs = List.copyOf(downs);
    }

    /** {@code AddPhone.java}, for messages. */
    public String fileName() {
      return file.getFileName().toString();
    }
  }

  private final List<Source> sources;
  private final Map<String, Source> byId = new LinkedHashMap<>();

  private RevisionSources(List<Source> sources) {
    this.sources = List.copyOf(sources);
    for (Source source : sources) {
      Source other = byId.putIfAbsent(source.id(), source);
      if (other != null) {
        throw new RetortException(
            "revision id \""
                + source.id()
                + "\" is declared twice: "
                + other.file()
                + " and "
                + source.file()
                + "; give one of them a new id before scaffolding");
      }
    }
  }

  /** Parses every {@code .java} file under {@code sourceDir}. */
  public static RevisionSources read(Path sourceDir) {
    if (!Files.isDirectory(sourceDir)) {
      throw new RetortException(
          "source directory "
              + sourceDir
              + " does not exist; run from the module's directory or give --source-dir");
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(sourceDir)) {
      files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sourceDir, e);
    }
    List<Source> found = new ArrayList<>();
    if (files.isEmpty()) {
      return new RevisionSources(found);
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new RetortException(
          "this Java runtime has no compiler (javax.tools); run scaffolding with a JDK, not a JRE");
    }
    try (StandardJavaFileManager fileManager =
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromPaths(files);
      // Syntax errors elsewhere must not stop scaffolding: collect diagnostics and ignore them.
      JavacTask task =
          (JavacTask)
              compiler.getTask(null, fileManager, diagnostic -> {}, List.of("-proc:none"), null, units);
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      for (CompilationUnitTree unit : task.parse()) {
        String packageName =
            unit.getPackageName() == null ? "" : unit.getPackageName().toString();
        boolean imported = importsRevision(unit);
        Path file = Path.of(unit.getSourceFile().toUri());
        for (Tree type : unit.getTypeDecls()) {
          if (type instanceof ClassTree classTree) {
            collect(classTree, "", packageName, imported, file, unit, positions, found);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse the sources under " + sourceDir, e);
    }
    found.sort(Comparator.comparing(Source::id));
    return new RevisionSources(found);
  }

  private static boolean importsRevision(CompilationUnitTree unit) {
    for (ImportTree i : unit.getImports()) {
      String name = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && (name.equals(REVISION) || name.equals("dev.retort.*"))) {
        return true;
      }
    }
    return unit.getPackageName() != null && unit.getPackageName().toString().equals("dev.retort");
  }

  private static void collect(
      ClassTree type,
      String outer,
      String packageName,
      boolean imported,
      Path file,
      CompilationUnitTree unit,
      SourcePositions positions,
      List<Source> found) {
    String name = outer.isEmpty() ? type.getSimpleName().toString() : outer + "." + type.getSimpleName();
    for (AnnotationTree annotation : type.getModifiers().getAnnotations()) {
      String annotationName = annotation.getAnnotationType().toString();
      if (annotationName.equals(REVISION) || (imported && annotationName.equals("Revision"))) {
        long line =
            unit.getLineMap().getLineNumber(positions.getStartPosition(unit, annotation));
        found.add(read(annotation, packageName, name, file, line));
      }
    }
    for (Tree member : type.getMembers()) {
      if (member instanceof ClassTree nested) {
        collect(nested, name, packageName, imported, file, unit, positions, found);
      }
    }
  }

  private static Source read(
      AnnotationTree annotation, String packageName, String className, Path file, long line) {
    String id = null;
    List<String> downs = List.of();
    String message = "";
    for (ExpressionTree argument : annotation.getArguments()) {
      if (!(argument instanceof AssignmentTree assignment)) {
        continue;
      }
      String member = ((IdentifierTree) assignment.getVariable()).getName().toString();
      ExpressionTree value = assignment.getExpression();
      switch (member) {
        case "id" -> id = literal(value, member, file, line);
        case "down" -> downs = literals(value, file, line);
        case "message" -> message = literal(value, member, file, line);
        default -> {}
      }
    }
    if (id == null) {
      throw new RetortException(
          file + ":" + line + ": @Revision has no id; give it id = \"<12 hex digits>\"");
    }
    return new Source(id, downs, message, packageName, className, file, line);
  }

  private static List<String> literals(ExpressionTree value, Path file, long line) {
    if (value instanceof NewArrayTree array) {
      List<String> values = new ArrayList<>();
      for (ExpressionTree element : array.getInitializers()) {
        values.add(literal(element, "down", file, line));
      }
      return values;
    }
    return List.of(literal(value, "down", file, line));
  }

  private static String literal(ExpressionTree value, String member, Path file, long line) {
    if (value instanceof LiteralTree literal && literal.getValue() instanceof String text) {
      return text;
    }
    throw new RetortException(
        file
            + ":"
            + line
            + ": @Revision's "
            + member
            + " is "
            + value
            + ", not a string literal; scaffolding reads the graph without compiling, so write"
            + " the id itself");
  }

  public List<Source> sources() {
    return sources;
  }

  /** The source of {@code id}, or null. */
  public Source find(String id) {
    return byId.get(id);
  }

  /** The revision a full id or a unique prefix names. */
  public Source resolve(String idOrPrefix) {
    Source exact = byId.get(idOrPrefix);
    if (exact != null) {
      return exact;
    }
    List<Source> matches =
        sources.stream().filter(s -> s.id().startsWith(idOrPrefix)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new RetortException(
          "no revision in the sources has an id starting with \""
              + idOrPrefix
              + "\"; heads: "
              + describe(heads()));
    }
    throw new RetortException(
        "revision prefix \""
            + idOrPrefix
            + "\" is ambiguous: it matches "
            + describe(matches)
            + "; give more of the id");
  }

  /** The revisions no other revision names as down, sorted by id. */
  public List<Source> heads() {
    TreeSet<String> named = new TreeSet<>();
    sources.forEach(s -> named.addAll(s.downs()));
    return sources.stream().filter(s -> !named.contains(s.id())).toList();
  }

  /** {@code a1f3 (AddPhone.java), 9c2e (AddEmail.java)}. */
  public static String describe(List<Source> sources) {
    if (sources.isEmpty()) {
      return "none";
    }
    return String.join(
        ", ", sources.stream().map(s -> s.id() + " (" + s.fileName() + ")").toList());
  }
}
