package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The graph has one head, so that {@code upgrade("head")} means one thing. Several bases are fine;
 * several heads need a merge revision.
 *
 * <p>Checked only on a complete graph without cycles: a typo in a merge's down would otherwise show
 * up as a second head, on top of the dangling down that explains it. Nor when a head is one only
 * because the graph left out a duplicate declaration whose down names it: the duplicate id is the
 * mistake there. Reports once, on the id of the head that sorts last among those of this compile.
 */
final class MultipleHeadsValidator implements GraphValidator {
  @Override
  public String name() {
    return "Retort/MultipleHeads";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    if (!graph.isComplete() || !graph.isAcyclic()) {
      return;
    }
    List<String> heads = graph.heads();
    if (heads.size() < 2 || heads.stream().anyMatch(namedOnlyByDuplicates(graph)::contains)) {
      return;
    }
    Set<String> common = new HashSet<>(graph.ancestors(heads.get(0)));
    for (String head : heads.subList(1, heads.size())) {
      common.retainAll(graph.ancestors(head));
    }
    // The branch points are the common ancestors none of whose children is one: if a descendant
    // of c were common, so would be every revision between them, c's child among them.
    List<RevisionModel> branchPoints =
        common.stream()
            .filter(id -> graph.children(id).stream().noneMatch(common::contains))
            .sorted()
            .map(graph::get)
            .toList();
    List<RevisionModel> headRevisions = heads.stream().map(graph::get).toList();
    // The last head of this compile: one read from a class file has no source to point at.
    RevisionModel last =
        headRevisions.stream()
            .filter(head -> !graph.earlier().fromClassFile(head))
            .reduce((first, second) -> second)
            .orElse(headRevisions.get(headRevisions.size() - 1));
    diagnostics.error(Messages.multipleHeads(headRevisions, branchPoints), last, last.idValue());
  }

  /** The ids that the down of a declaration the graph left out names, and its kept twin's not. */
  private static Set<String> namedOnlyByDuplicates(RevisionGraph graph) {
    Set<String> named = new HashSet<>();
    for (RevisionModel declaration : graph.declarations()) {
      RevisionModel kept = graph.get(declaration.id());
      if (kept != declaration) {
        named.addAll(declaration.distinctDowns());
        kept.distinctDowns().forEach(named::remove);
      }
    }
    return named;
  }
}
