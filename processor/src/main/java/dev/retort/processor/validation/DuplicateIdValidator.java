package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An id is declared by one class only. Runs first among the graph rules: while an id is duplicated,
 * which revision a down entry names is ambiguous.
 *
 * <p>Reports once per id, on the id of the class whose qualified name sorts last; the graph keeps
 * the first.
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
          if (declarations.size() > 1) {
            RevisionModel last = declarations.get(declarations.size() - 1);
            diagnostics.error(Messages.duplicateId(id, declarations), last, last.idValue());
          }
        });
  }
}
