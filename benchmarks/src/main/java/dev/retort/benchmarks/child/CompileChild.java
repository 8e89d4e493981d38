package dev.retort.benchmarks.child;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * One javac run in a fresh JVM, as a build tool makes it: {@code <output directory> <class path>
 * <processor path, or - for -proc:none> <file listing the sources>}.
 */
public final class CompileChild {
  private CompileChild() {}

  public static void main(String[] args) throws IOException {
    Path output = Path.of(args[0]);
    String classPath = args[1];
    String processorPath = args[2];
    List<File> sources =
        Files.readAllLines(Path.of(args[3])).stream()
            .filter(line -> !line.isBlank())
            .map(File::new)
            .collect(Collectors.toList());

    long started = System.nanoTime();
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    List<String> options = new ArrayList<>();
    options.addAll(List.of("-d", output.toString(), "-cp", classPath, "--release", "17"));
    options.addAll(List.of("-encoding", "UTF-8", "-implicit:none"));
    if (processorPath.equals("-")) {
      options.add("-proc:none");
    } else {
      options.addAll(List.of("-processorpath", processorPath));
    }
    boolean ok;
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
      ok =
          javac
              .getTask(null, files, null, options, null, files.getJavaFileObjectsFromFiles(sources))
              .call();
    }
    long took = System.nanoTime() - started;
    if (!ok) {
      System.err.println("javac failed");
      System.exit(1);
    }
    Report.print(took, "sources=" + sources.size());
  }
}
