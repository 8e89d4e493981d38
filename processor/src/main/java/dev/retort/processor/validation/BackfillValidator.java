package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.body.MethodCall;
import dev.retort.processor.validation.body.RevisionBodyScanner;

/**
 * A transactional revision (the default) does not call {@code op.backfill(...)}: a backfill
 * commits each chunk in its own transaction, so that a killed run can resume, and that cannot
 * happen inside the revision's one transaction; the runtime would refuse it on every run.
 *
 * <p>Reports a call named {@code backfill} on the revision method's own parameter (the {@code op}
 * of {@code upgrade(Operations op)}), wherever it sits in the body: a branch or a loop may run it
 * or not, but whenever it runs it is refused. Calls through helper methods pass unchecked; the
 * runtime refuses those. One error per revision, since one change of its annotation fixes every
 * call: on its first call in source order, revisions in id order.
 */
final class BackfillValidator implements GraphValidator {
  private final RevisionBodyScanner bodies;

  BackfillValidator(RevisionBodyScanner bodies) {
    this.bodies = bodies;
  }

  @Override
  public String name() {
    return "Retort/BackfillInTransaction";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    for (RevisionModel revision : graph.declarations()) {
      if (!revision.transactional()) {
        continue;
      }
      for (MethodCall call : bodies.calls(revision.type())) {
        if (call.name().equals("backfill") && call.receiverIsParameter()) {
          diagnostics.error(Messages.backfillInTransaction(revision), call.position());
          break;
        }
      }
    }
  }
}
