package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An id is declared by one class only. Runs first among the graph rules: while an id is duplicated,
 * which revision a down entry names is ambiguous, so the later rules leave out what involves it
 * (one error per mistake).
 *
 * <p>Reports once per id. When the module's earlier compile registered one of the classes under the
 * id, the others are new copies: the error sits on the first of them and says to rename it.
 * Otherwise the compiler cannot tell which is the copy; the error sits on the class whose qualified
 * name sorts last and says how to decide.
 */
final class DuplicateIdValidator implements GraphValidator {
  @Override
  public String name() {
    return "Retort/DuplicateId";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    Map<String, List<RevisionModel>> byId = new TreeMap<>();
    for (RevisionModel revision : graph.declarations()) { // by id, then qualified name
      byId.computeIfAbsent(revision.id(), id -> new ArrayList<>()).add(revision);
    }
    byId.forEach(
        (id, declarations) -> {
          if (declarations.size() < 2) {
            return;
          }
          RevisionGraph.Earlier earlier = graph.earlier();
          Optional<RevisionModel> original =
              declarations.stream().filter(earlier::registered).findFirst();
          // The class to rename, or the last by name; never one read from a class file, whose
          // declaration is not in this compile for javac to point at.
          List<RevisionModel> candidates = new ArrayList<>(declarations);
          original.ifPresent(candidates::remove);
          candidates.removeIf(earlier::fromClassFile);
          RevisionModel at =
              candidates.isEmpty()
                  ? declarations.get(declarations.size() - 1)
                  : original.isPresent()
                      ? candidates.get(0)
                      : candidates.get(candidates.size() - 1);
          diagnostics.error(
              Messages.duplicateId(
                  id, declarations, original, original.map(earlier::fromClassFile).orElse(false)),
              at,
              at.idValue());
        });
  }
}
