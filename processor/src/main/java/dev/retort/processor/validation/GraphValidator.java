package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;

/**
 * One rule checked over the revision graph: about its shape (DuplicateId, Cycle, ...) or about what
 * the revisions' bodies do (NonTransactional). Each rule reports through {@link Diagnostics}, at
 * most one error per problem, on a deterministic element or tree, and never throws for a user's
 * mistake.
 */
interface GraphValidator {
  /** The rule's stable name, the tag of its messages without brackets: {@code Retort/Cycle}. */
  String name();

  /** Checks {@code graph}, reporting each problem found to {@code diagnostics}. */
  void validate(RevisionGraph graph, Diagnostics diagnostics);
}
