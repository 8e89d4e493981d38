package dev.retort.runtime.internal;

import dev.retort.runtime.Database;
import dev.retort.runtime.InvalidTargetException;
import java.util.BitSet;

/**
 * Turns a target into the ordered list of revisions to run. Upgrades run in the registry's
 * topological order (every down revision before its child, each once); downgrades in reverse.
 */
final class Planner {
  private Planner() {}

  /** The revisions to upgrade, in order, to reach {@code target} from {@code state}. */
  static int[] upgrade(RevisionGraph graph, AppliedState state, Target target) {
    BitSet pending = new BitSet(graph.size());
    if (target instanceof Target.Head) {
      pending.set(0, graph.size());
    } else if (target instanceof Target.Revision revision) {
      pending.or(graph.ancestorsInclusive(graph.resolve(revision.idOrPrefix())));
    } else if (target instanceof Target.Relative relative) {
      if (relative.steps() < 0) {
        throw new InvalidTargetException(
            "upgrade(\""
                + text(relative)
                + "\") goes down; use downgrade(\""
                + text(relative)
                + "\")");
      }
      BitSet reached = state.applied();
      if (relative.anchor() != null) {
        BitSet anchor = graph.ancestorsInclusive(graph.resolve(relative.anchor()));
        pending.or(anchor);
        reached.or(anchor);
      }
      int taken = 0;
      for (int i = reached.nextClearBit(0);
          i < graph.size() && taken < relative.steps();
          i = reached.nextClearBit(i + 1)) {
        pending.set(i);
        taken++;
      }
      if (taken < relative.steps()) {
        throw new InvalidTargetException(
            "cannot upgrade by "
                + relative.steps()
                + (relative.anchor() == null ? "" : " past " + relative.anchor())
                + ": only "
                + taken
                + " revision"
                + (taken == 1 ? " is" : "s are")
                + " left before the head; use upgrade(\"head\")");
      }
    }
    pending.andNot(state.applied());
    return pending.stream().toArray();
  }

  /**
   * The revisions to downgrade, in order, to reach {@code target} from {@code state}, on {@code
   * database}: a revision that does not run there is no obstacle even if it is irreversible, since
   * its downgrade would not run either.
   */
  static int[] downgrade(
      RevisionGraph graph, AppliedState state, Target target, Database database) {
    BitSet applied = state.applied();
    BitSet remove = new BitSet(graph.size());
    if (target instanceof Target.Head) {
      throw new InvalidTargetException("downgrade(\"head\") goes up; use upgrade(\"head\")");
    } else if (target instanceof Target.Base) {
      remove.or(applied);
    } else if (target instanceof Target.Revision revision) {
      remove.or(descendantsOfApplied(graph, state, revision.idOrPrefix()));
    } else if (target instanceof Target.Relative relative) {
      if (relative.steps() > 0) {
        throw new InvalidTargetException(
            "downgrade(\""
                + text(relative)
                + "\") goes up; use upgrade(\""
                + text(relative)
                + "\")");
      }
      if (relative.anchor() != null) {
        remove.or(descendantsOfApplied(graph, state, relative.anchor()));
      }
      int wanted = -relative.steps();
      int taken = 0;
      BitSet left = (BitSet) applied.clone();
      left.andNot(remove);
      for (int i = left.previousSetBit(graph.size() - 1);
          i >= 0 && taken < wanted;
          i = left.previousSetBit(i - 1)) {
        remove.set(i);
        taken++;
      }
      if (taken < wanted) {
        throw new InvalidTargetException(
            "cannot downgrade by "
                + wanted
                + (relative.anchor() == null ? "" : " below " + relative.anchor())
                + ": only "
                + taken
                + " applied revision"
                + (taken == 1 ? " is" : "s are")
                + " left; downgrade(\"base\") removes every revision");
      }
    }
    remove.and(applied);
    int[] order = new int[remove.cardinality()];
    int next = 0;
    for (int i = remove.previousSetBit(graph.size() - 1);
        i >= 0;
        i = remove.previousSetBit(i - 1)) {
      if (!graph.info(i).reversible() && graph.info(i).runsOn(database)) {
        throw new InvalidTargetException(Messages.irreversible(graph, i));
      }
      order[next++] = i;
    }
    return order;
  }

  private static BitSet descendantsOfApplied(
      RevisionGraph graph, AppliedState state, String idOrPrefix) {
    int index = graph.resolve(idOrPrefix);
    if (!state.isApplied(index)) {
      throw new InvalidTargetException(
          "revision "
              + graph.describe(index)
              + " is not applied (the database is at "
              + Messages.rows(state.heads())
              + "); downgrade goes to an applied revision or to base");
    }
    return graph.descendants(index);
  }

  private static String text(Target.Relative relative) {
    return (relative.anchor() == null ? "" : relative.anchor())
        + (relative.steps() > 0 ? "+" : "-")
        + Math.abs(relative.steps());
  }
}
