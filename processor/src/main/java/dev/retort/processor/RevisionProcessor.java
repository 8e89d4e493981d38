package dev.retort.processor;

import com.google.auto.service.AutoService;
import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionIndex;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.model.RevisionReader;
import dev.retort.processor.validation.Diagnostics;
import dev.retort.processor.validation.GraphValidation;
import dev.retort.processor.validation.Messages;
import dev.retort.processor.validation.RevisionElementValidator;
import dev.retort.processor.validation.ValidatedGraph;
import dev.retort.processor.validation.body.RevisionBodyScanner;
import dev.retort.processor.writer.RegistryWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;

/**
 * Checks the {@code @Revision} classes of a module as one graph and generates its {@code
 * RetortRegistry}. Add it to the build's annotation processor path:
 *
 * <pre>{@code
 * <annotationProcessorPaths>
 *   <path><groupId>dev.retort</groupId><artifactId>retort-processor</artifactId></path>
 * </annotationProcessorPaths>
 * }</pre>
 *
 * <p>Work goes in three steps: collect each class into a {@code RevisionModel} and check it on its
 * own; check the graph (duplicate ids, dangling downs, cycles, several heads) and what the
 * revisions' bodies run (statements that refuse a transaction, ALTER TABLE changes SQLite cannot
 * make); and, only if no error at all was reported, write the registry. Every problem is a compile
 * error with a {@code [Retort/...]} tag, on the exact annotation value where there is one. No
 * exception leaves this processor: a bug in it becomes a {@code [Retort/Internal]} error.
 */
@AutoService(Processor.class)
public final class RevisionProcessor extends AbstractProcessor {
  private Diagnostics diagnostics;
  private ProcessorOptions options;
  private RevisionReader reader;
  private RevisionBodyScanner bodies;
  private GraphValidation graphValidation;

  /** Revisions whose annotation javac could not resolve yet, retried next round, by name. */
  private final List<String> deferred = new ArrayList<>();

  /** True once the graph was read: a revision in a later round is one it missed. */
  private boolean graphRead;

  /** What the processor works on, for the message if it fails. */
  private String workingOn = "the revision graph";

  private Element workingOnElement;

  /** What the module's earlier compile left in the class output. */
  private RevisionGraph.Earlier earlier = RevisionGraph.Earlier.NONE;

  @Override
  public synchronized void init(ProcessingEnvironment processingEnv) {
    super.init(processingEnv);
    diagnostics = new Diagnostics(processingEnv.getMessager());
    reader = new RevisionReader(processingEnv);
    bodies = RevisionBodyScanner.of(processingEnv);
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(RevisionReader.REVISION);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return ProcessorOptions.names();
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  /** Never claims {@code @Revision}: other processors may read it too. */
  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment roundEnv) {
    try {
      if (options == null) {
        options = ProcessorOptions.from(processingEnv.getOptions(), diagnostics);
        // Options are read in process, not init, so their errors come out with the others.
        graphValidation =
            new GraphValidation(
                bodies, options.dialects(), options.sqliteMinVersion(), options.lint());
      }
      processRound(roundEnv);
    } catch (RuntimeException e) {
      // AutoValue's rule: a processor bug is an error message, never a javac crash.
      String message = Messages.internal(workingOn);
      if (workingOnElement != null) {
        diagnostics.error(message, workingOnElement);
      } else {
        diagnostics.error(message);
      }
      if (options != null && options.debug()) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        diagnostics.note(trace.toString());
      }
    }
    return false;
  }

  private void processRound(RoundEnvironment roundEnv) {
    TypeElement revisionAnnotation =
        processingEnv.getElementUtils().getTypeElement(RevisionReader.REVISION);
    List<TypeElement> annotated =
        revisionAnnotation == null
            ? List.of()
            : ElementFilter.typesIn(roundEnv.getElementsAnnotatedWith(revisionAnnotation)).stream()
                .sorted(Comparator.comparing(type -> type.getQualifiedName().toString()))
                .toList();

    if (graphRead) {
      for (TypeElement type : annotated) {
        workingOn = type.getQualifiedName().toString();
        workingOnElement = type;
        Optional<RevisionModel> model = reader.read(type);
        diagnostics.error(
            Messages.lateRevision(
                model.map(RevisionModel::displayName).orElse(type.getSimpleName().toString()),
                model.map(RevisionModel::fileName).orElse(type.getSimpleName() + ".java")),
            type);
      }
      return;
    }

    // Candidates: the classes deferred last round, looked up again (a new round has new
    // elements), and this round's.
    Map<String, TypeElement> candidates = new LinkedHashMap<>();
    for (String name : deferred) {
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type != null) {
        candidates.put(name, type);
      }
    }
    annotated.forEach(type -> candidates.putIfAbsent(type.getQualifiedName().toString(), type));
    if (candidates.isEmpty()) {
      return;
    }

    List<RevisionModel> revisions = new ArrayList<>();
    boolean unresolved = false;
    for (TypeElement type : candidates.values()) {
      workingOn = type.getQualifiedName().toString();
      workingOnElement = type;
      Optional<RevisionModel> model = reader.read(type);
      model.ifPresent(revisions::add);
      unresolved |= model.isEmpty();
    }
    if (!unresolved) {
      workingOn = RevisionIndex.PATH;
      workingOnElement = null;
      earlier = readEarlierCompile(candidates.keySet(), revisions);
    }
    if (unresolved) {
      // javac could not resolve a value or supertype. Another processor may still generate it,
      // so try again next round; javac itself reports it if it never resolves, and with part of
      // the graph unknown, the graph checks would only add false errors.
      deferred.clear();
      deferred.addAll(candidates.keySet());
      if (roundEnv.processingOver()) {
        graphRead = true;
      }
      return;
    }
    deferred.clear();
    graphRead = true;
    if (!bodies.canRead()) {
      // Never silent: the body rules and the checksums would otherwise just find nothing.
      diagnostics.note(Messages.bodyChecksOff(processingEnv.getClass().getName()));
    }

    workingOn = "the revision graph";
    workingOnElement = revisions.stream().min(RevisionGraph.BY_ID_THEN_NAME).orElseThrow().type();
    RevisionGraph.Earlier earlierCompile = earlier;
    revisions.stream()
        .filter(r -> !earlierCompile.fromClassFile(r))
        .min(RevisionGraph.BY_ID_THEN_NAME)
        .ifPresent(
            inThisCompile ->
                diagnostics.placeElementsWithoutSource(
                    element ->
                        element instanceof TypeElement type
                            && earlierCompile
                                .fromClassFiles()
                                .contains(type.getQualifiedName().toString()),
                    inThisCompile.type()));
    new RevisionElementValidator(
            processingEnv.getElementUtils(), processingEnv.getTypeUtils(), diagnostics)
        .validate(revisions);
    Optional<ValidatedGraph> graph =
        graphValidation.validate(RevisionGraph.of(revisions, earlier), diagnostics);
    if (graph.isEmpty()) {
      return; // generate nothing once any error exists
    }

    String packageName =
        options.registryPackage().orElseGet(() -> RegistryWriter.commonPackage(revisions));
    workingOn = packageName + "." + RegistryWriter.REGISTRY_NAME;
    try {
      String written =
          new RegistryWriter(processingEnv.getFiler(), processingEnv.getElementUtils())
              .write(graph.get(), packageName);
      RevisionIndex.write(processingEnv.getFiler(), graph.get().revisions());
      if (options.debug()) {
        diagnostics.note("Retort: wrote " + written + " with " + revisions.size() + " revisions");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Adds to {@code revisions} the revisions of the module's earlier compile that this compile was
   * not given ({@code inThisCompile} names those it was): a build tool that recompiles only the
   * changed files hands javac only those, and the registry must still hold every revision. Each is
   * read from its class file (its {@code @Revision} is kept there); a class that no longer exists
   * or no longer carries {@code @Revision} is dropped, and the earlier compile's checksum stands in
   * for the one a class file cannot give.
   */
  private RevisionGraph.Earlier readEarlierCompile(
      Set<String> inThisCompile, List<RevisionModel> revisions) {
    Map<String, RevisionIndex.Entry> index = RevisionIndex.read(processingEnv.getFiler());
    Map<String, String> ids = new LinkedHashMap<>();
    Set<String> fromClassFiles = new LinkedHashSet<>();
    for (Map.Entry<String, RevisionIndex.Entry> entry : index.entrySet()) {
      String name = entry.getKey();
      ids.put(name, entry.getValue().id());
      if (inThisCompile.contains(name)) {
        continue;
      }
      workingOn = name;
      TypeElement type = processingEnv.getElementUtils().getTypeElement(name);
      if (type == null) {
        continue; // deleted
      }
      workingOnElement = type;
      Optional<RevisionModel> model = reader.read(type);
      if (model.isEmpty()) {
        continue; // no longer a revision, or unreadable: either way not one to register
      }
      RevisionModel revision = model.get();
      // The recorded checksum belongs to the class as it was compiled then; a class file that
      // declares another id now was rebuilt since, by something else, and has none.
      if (revision.checksum().isEmpty() && revision.id().equals(entry.getValue().id())) {
        revision = revision.withChecksum(entry.getValue().checksum());
      }
      revisions.add(revision);
      fromClassFiles.add(name);
    }
    return new RevisionGraph.Earlier(ids, fromClassFiles);
  }
}
