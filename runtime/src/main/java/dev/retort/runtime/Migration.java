package dev.retort.runtime;

import dev.retort.runtime.ops.Operations;

/**
 * One revision's schema change. Implementations are annotated with {@link dev.retort.Revision},
 * which places them in the revision graph; the runtime creates them through the generated registry,
 * only when they run.
 *
 * <pre>{@code
 * @Revision(id = "1b7e443f2a9c", down = "9d2c41e07a55", message = "add phone to resource")
 * public final class AddPhoneToResource implements Migration {
 *   @Override public void upgrade(Operations op) { op.execute("ALTER TABLE resource ADD COLUMN phone VARCHAR(32)"); }
 *   @Override public void downgrade(Operations op) { op.execute("ALTER TABLE resource DROP COLUMN phone"); }
 * }
 * }</pre>
 *
 * <p>Each call runs inside the revision's own transaction, together with the change to the version
 * table: when either method throws, nothing it did is kept.
 */
public interface Migration {

  /** Applies this revision's change. */
  void upgrade(Operations op) throws Exception;

  /**
   * Reverts what {@link #upgrade} did. A revision that does not override this method is
   * irreversible: the processor records that, and the runtime refuses a downgrade across it before
   * changing anything.
   */
  default void downgrade(Operations op) throws Exception {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not override downgrade(); it is irreversible");
  }
}
