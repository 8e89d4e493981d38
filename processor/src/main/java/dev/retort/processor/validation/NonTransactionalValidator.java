package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.body.MethodCall;
import dev.retort.processor.validation.body.RevisionBodyScanner;

/**
 * A transactional revision (the default) does not execute a statement that the database refuses
 * inside a transaction, such as {@code CREATE INDEX CONCURRENTLY} or {@code VACUUM}: it would fail
 * on every run, after the statements before it. See {@link NonTransactionalStatement}.
 *
 * <p>Reports only what it can prove: a call named {@code execute} in the class's own {@code
 * upgrade} or {@code downgrade}, run on every pass through it (not in a lambda, loop, branch or
 * local class), whose first argument is a constant string. Calls through helper methods, SQL in
 * variables or built at run time, and anything else it cannot read pass unchecked. One error per
 * such call, on the call, revisions in id order. The typed forms count too: {@code
 * op.createIndex(Index...concurrently())} and {@code op.dropIndexConcurrently(...)} with constant
 * names, which the runtime refuses in a transactional revision.
 */
final class NonTransactionalValidator implements GraphValidator {
  private final RevisionBodyScanner bodies;

  NonTransactionalValidator(RevisionBodyScanner bodies) {
    this.bodies = bodies;
  }

  @Override
  public String name() {
    return "Retort/NonTransactional";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    // Every declaration, duplicates included: a body's problem does not depend on the graph.
    for (RevisionModel revision : graph.declarations()) {
      if (!revision.transactional()) {
        continue;
      }
      for (MethodCall call : bodies.calls(revision.type())) {
        if (!call.name().equals("execute") && call.isUnconditional()) {
          // The typed forms: Index...concurrently() and dropIndexConcurrently, which the runtime
          // refuses in a transactional revision on both databases.
          for (SchemaEvent event : SchemaEvent.of(call)) {
            NonTransactionalStatement statement =
                event instanceof SchemaEvent.CreateIndex create && create.concurrent()
                    ? (create.unique()
                        ? NonTransactionalStatement.CREATE_UNIQUE_INDEX_CONCURRENTLY
                        : NonTransactionalStatement.CREATE_INDEX_CONCURRENTLY)
                    : event instanceof SchemaEvent.DropIndex drop && drop.concurrent()
                        ? NonTransactionalStatement.DROP_INDEX_CONCURRENTLY
                        : null;
            if (statement != null) {
              diagnostics.error(Messages.nonTransactional(revision, statement), call.position());
            }
          }
        }
        if (call.name().equals("execute") && call.isUnconditional()) {
          call.constantString(0)
              .flatMap(NonTransactionalStatement::find)
              .ifPresent(
                  statement ->
                      diagnostics.error(
                          Messages.nonTransactional(revision, statement), call.position()));
        }
      }
    }
  }
}
