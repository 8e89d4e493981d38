package dev.retort.benchmarks;

import dev.retort.benchmarks.child.CompileChild;
import dev.retort.benchmarks.child.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** javac runs over a workload's revision sources, each in a fresh JVM. */
final class Compilation {
  /** The compile benchmark's variants; the first is the floor. */
  enum Variant {
    PLAIN("javac -proc:none"),
    /** What any processor that generates one source file costs: javac's own round work. */
    ONE_FILE("javac + a processor that generates one tiny file (reference)"),
    /** The sources plus Retort's generated registry, without processors: the registry's cost. */
    REGISTRY("javac -proc:none, sources + Retort's generated registry (reference)"),
    PROCESSOR("javac + Retort processor");

    final String label;

    Variant(String label) {
      this.label = label;
    }

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final String REFERENCE_PROCESSOR =
      """
      package reference;

      import java.io.Writer;
      import java.util.Set;
      import javax.annotation.processing.AbstractProcessor;
      import javax.annotation.processing.RoundEnvironment;
      import javax.annotation.processing.SupportedAnnotationTypes;
      import javax.lang.model.SourceVersion;
      import javax.lang.model.element.TypeElement;

      /** Generates one tiny class in the first round, as any source-generating processor does. */
      @SupportedAnnotationTypes("dev.retort.Revision")
      public final class OneFileProcessor extends AbstractProcessor {
        private boolean done;

        @Override
        public SourceVersion getSupportedSourceVersion() {
          return SourceVersion.latestSupported();
        }

        @Override
        public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
          if (done || annotations.isEmpty()) {
            return false;
          }
          done = true;
          for (TypeElement annotation : annotations) {
            round.getElementsAnnotatedWith(annotation).size();
          }
          try (Writer out =
              processingEnv.getFiler().createSourceFile("%s.Generated").openWriter()) {
            out.write("package %s;\\n\\npublic final class Generated {}\\n");
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
          return false;
        }
      }
      """
          .formatted(Schema.REVISIONS_PACKAGE, Schema.REVISIONS_PACKAGE);

  private final Toolchain toolchain;
  private final Path logs;
  private final Path referenceProcessor;

  Compilation(Toolchain toolchain, Path logs, Path work) {
    this.toolchain = toolchain;
    this.logs = logs;
    this.referenceProcessor = work.resolve("reference-processor");
  }

  /** Compiles {@code workload}'s sources into {@code output}, with or without the processor. */
  Child.Measurement compile(Workload workload, Path output, boolean processor, String label)
      throws IOException, InterruptedException {
    return compile(
        workload.sourceList(), output, processor ? toolchain.processorPath() : "-", label);
  }

  private Child.Measurement compile(Path sources, Path output, String processorPath, String label)
      throws IOException, InterruptedException {
    deleteTree(output);
    Files.createDirectories(output);
    return Child.run(
        toolchain.java(),
        List.of(),
        toolchain.compilerClassPath(),
        CompileChild.class.getName(),
        List.of(
            output.toString(), toolchain.revisionsClassPath(), processorPath, sources.toString()),
        logs,
        label);
  }

  /**
   * Benchmark 3: javac over the revisions with and without the processor, plus two references
   * that split the processor's cost, the variants interleaved, {@code runs} times each.
   */
  void benchmark(Workload workload, int runs, Path scratch, Results results)
      throws IOException, InterruptedException {
    int n = workload.n();
    Path withRegistry = prepareReferences(workload);
    List<Variant> variants = List.of(Variant.values());
    for (int run = 1; run <= runs; run++) {
      for (int i = 0; i < variants.size(); i++) {
        // Rotate which goes first, so that none always meets a cold page cache.
        Variant variant = variants.get((i + run - 1) % variants.size());
        String label = "compile-" + n + "-" + variant.key() + "-r" + run;
        Child.Measurement m =
            switch (variant) {
              case PLAIN -> compile(workload.sourceList(), scratch, "-", label);
              case ONE_FILE -> compile(
                  workload.sourceList(), scratch, referenceProcessor.toString(), label);
              case REGISTRY -> compile(withRegistry, scratch, "-", label);
              case PROCESSOR -> compile(
                  workload.sourceList(), scratch, toolchain.processorPath(), label);
            };
        results.add(
            new Results.Sample(
                "compile",
                "-",
                n,
                variant.key(),
                run,
                m.wallNanos(),
                m.callNanos(),
                m.classes(),
                m.hwmKb()));
        Progress.log(
            "compile N=%d run %d/%d %-26s javac %s, process %s",
            n,
            run,
            runs,
            variant.key(),
            Progress.millis(m.callNanos()),
            Progress.millis(m.wallNanos()));
      }
    }
    deleteTree(scratch);
  }

  /**
   * Compiles the revisions once with the processor (untimed; this also warms the page cache) and
   * writes the source list with the registry it generated; builds the reference processor.
   */
  private Path prepareReferences(Workload workload) throws IOException, InterruptedException {
    if (!Files.isDirectory(workload.classes())) {
      Progress.log("N=%d compiling the revisions with the Retort processor", workload.n());
      compile(workload, workload.classes(), true, "prepare-" + workload.n());
    }
    Path registry =
        workload
            .classes()
            .resolve(Schema.REVISIONS_PACKAGE.replace('.', '/'))
            .resolve("RetortRegistry.java");
    Path copy = workload.sourceList().resolveSibling("RetortRegistry.java");
    Files.copy(registry, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    List<String> sources = new ArrayList<>(Files.readAllLines(workload.sourceList()));
    sources.add(copy.toString());
    Path list = workload.sourceList().resolveSibling("sources-with-registry.txt");
    Files.write(list, sources, StandardCharsets.UTF_8);

    if (!Files.isDirectory(referenceProcessor)) {
      Path source = referenceProcessor.resolve("src/reference/OneFileProcessor.java");
      Files.createDirectories(source.getParent());
      Files.writeString(source, REFERENCE_PROCESSOR, StandardCharsets.UTF_8);
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      int exit =
          javac.run(
              null,
              null,
              null,
              "-d",
              referenceProcessor.toString(),
              "-proc:none",
              "--release",
              "17",
              source.toString());
      if (exit != 0) {
        throw new IllegalStateException("could not compile the reference processor");
      }
      Path services =
          referenceProcessor.resolve("META-INF/services/javax.annotation.processing.Processor");
      Files.createDirectories(services.getParent());
      Files.writeString(services, "reference.OneFileProcessor\n", StandardCharsets.UTF_8);
    }
    return list;
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
