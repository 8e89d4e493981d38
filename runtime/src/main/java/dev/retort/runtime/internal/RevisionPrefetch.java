package dev.retort.runtime.internal;

import dev.retort.runtime.Migration;
import dev.retort.runtime.RevisionRegistry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Makes a plan's later revisions on a daemon thread while the earlier ones run. Making one loads
 * its class (found on the class path, defined, verified, initialised: about 0.2 ms a revision),
 * which would otherwise wait on the migration's thread while the database sits idle; the other
 * way round, the migration's thread mostly waits for the database. What the thread meets (a class
 * that fails to initialise, say) is handed over and thrown where the revision is made, as if made
 * there.
 */
final class RevisionPrefetch implements AutoCloseable {
  private final RevisionRegistry registry;
  private final int[] plan;
  // Per position: null, CLAIMED while one thread makes it, then a Migration or the Throwable
  // making it threw, TAKEN once handed over. A claim keeps the two threads from both making one.
  private final AtomicReferenceArray<Object> made;
  private static final Object CLAIMED = new Object();
  private static final Object TAKEN = new Object();
  private volatile boolean closed;

  private RevisionPrefetch(RevisionRegistry registry, int[] plan) {
    this.registry = registry;
    this.plan = plan;
    this.made = new AtomicReferenceArray<>(plan.length);
  }

  /** Starts making {@code plan}'s revisions after its first; null when there are none. */
  static RevisionPrefetch start(RevisionRegistry registry, int[] plan) {
    if (plan.length < 2) {
      return null;
    }
    RevisionPrefetch prefetch = new RevisionPrefetch(registry, plan);
    Thread thread = new Thread(prefetch::run, "retort-prefetch");
    thread.setDaemon(true);
    thread.start();
    return prefetch;
  }

  private void run() {
    for (int position = 1; position < plan.length && !closed; position++) {
      if (!made.compareAndSet(position, null, CLAIMED)) {
        continue; // the migration's thread got there first
      }
      Object result;
      try {
        result = registry.create(plan[position]);
      } catch (Throwable e) {
        result = e;
      }
      made.set(position, result);
    }
  }

  /**
   * The revision at {@code position} of the plan: made ahead, or made now when the thread has not
   * got there yet (or when it was taken already, for a revision that runs again). Waits while the
   * thread is making it, so that no revision is made twice for one run.
   */
  Migration take(int position) {
    if (made.compareAndSet(position, null, CLAIMED)) {
      made.set(position, TAKEN);
      return registry.create(plan[position]);
    }
    Object result;
    while ((result = made.get(position)) == CLAIMED) {
      java.util.concurrent.locks.LockSupport.parkNanos(20_000); // being made: a class initialising
    }
    made.set(position, TAKEN);
    if (result == TAKEN) {
      return registry.create(plan[position]); // made again: the revision runs a second time
    }
    if (result instanceof Migration migration) {
      return migration;
    }
    if (result instanceof RuntimeException e) {
      throw e;
    }
    if (result instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException((Throwable) result); // create declares no checked exception
  }

  /** Stops making revisions; those made are dropped. */
  @Override
  public void close() {
    closed = true;
  }
}
