package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every down entry names a revision of this module. Reports on the entry itself, listing the
 * closest known ids and, when one stands out, the id that was probably meant.
 */
final class DanglingDownValidator implements GraphValidator {
  @Override
  public String name() {
    return "Retort/DanglingDown";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    for (RevisionModel revision : graph.revisions()) {
      for (String down : revision.distinctDowns()) {
        // A malformed entry was reported by the element check; one error per problem.
        if (!Ids.isValid(down) || graph.revision(down).isPresent()) {
          continue;
        }
        // Malformed ids were reported already and cannot be the fix, nor can the revision itself.
        Set<String> known = new TreeSet<>(graph.ids());
        known.removeIf(id -> !Ids.isValid(id) || id.equals(revision.id()));
        List<String> shown = Suggestions.closest(down, known, Messages.KNOWN_IDS_SHOWN);
        // Nor is a descendant the likely fix: naming one would close a cycle.
        Set<String> candidates = new TreeSet<>(known);
        candidates.removeAll(graph.descendants(revision.id()));
        Optional<String> suggestion = Suggestions.didYouMean(down, candidates);
        diagnostics.error(
            Messages.danglingDown(revision, down, shown, known.size(), suggestion),
            revision,
            revision.downValue(down));
      }
    }
  }
}
