package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.List;

/**
 * A revision graph that passed every check: unique ids, every down resolved, no cycle, one head,
 * and no revision body that a body rule rejects. Only {@link GraphValidation} creates one, and only
 * after no error at all was reported, so the registry writer cannot be handed a graph that failed.
 */
public final class ValidatedGraph {
  private final RevisionGraph graph;
  private final List<RevisionModel> revisions;

  ValidatedGraph(RevisionGraph graph) {
    this.graph = graph;
    this.revisions = graph.topologicalOrder().stream().map(graph::get).toList();
  }

  /** The graph. */
  public RevisionGraph graph() {
    return graph;
  }

  /** Every revision after all those its down names, ties broken by id. */
  public List<RevisionModel> revisions() {
    return revisions;
  }

  /** The ids of the heads, sorted: exactly one. */
  public List<String> heads() {
    return graph.heads();
  }
}
