package dev.retort.commands.internal.autogen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.runtime.RevisionRegistry;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles revision sources with javac and the real Retort processor, and loads the registry it
 * generates: what a user's build does with a generated revision.
 */
final class RevisionCompiler {
  private RevisionCompiler() {}

  /** What javac said, and the registry when it compiled. */
  record Compiled(List<String> errors, List<String> warnings, RevisionRegistry registry) {}

  /** Compiles every source under {@code src} into a new directory under {@code work}. */
  static Compiled compile(Path src, Path work, String packageName) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createTempDirectory(work, "classes");
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(src)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    boolean ok;
    try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, null)) {
      ok =
          compiler
              .getTask(
                  null,
                  files,
                  diagnostics,
                  List.of(
                      "-classpath", classPath,
                      "-processor", "dev.retort.processor.RevisionProcessor",
                      "-Xlint:none",
                      "-d", classes.toString()),
                  null,
                  files.getJavaFileObjectsFromPaths(sources))
              .call();
    }
    List<String> errors = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      String text =
          (d.getSource() == null ? "" : d.getSource().getName() + ":" + d.getLineNumber() + ": ")
              + d.getMessage(Locale.ROOT);
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        errors.add(text);
      } else if (d.getKind() == Diagnostic.Kind.WARNING
          || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
        warnings.add(text);
      }
    }
    if (!ok) {
      return new Compiled(errors, warnings, null);
    }
    assertEquals(List.of(), errors);
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {classes.toUri().toURL()}, RevisionCompiler.class.getClassLoader());
      Class<?> registry =
          loader.loadClass(
              (packageName.isEmpty() ? "" : packageName + ".") + "RetortRegistry");
      return new Compiled(
          errors, warnings, (RevisionRegistry) registry.getField("INSTANCE").get(null));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("the registry did not load", e);
    }
  }
}
