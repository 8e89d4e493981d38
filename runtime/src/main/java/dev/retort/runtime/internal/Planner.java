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
    } else if (target instanceof Target.Base) {
      if (!state.applied().isEmpty()) {
        throw new InvalidTargetException(Messages.upgradeGoesDown("base", state.heads(), null));
      }
    } else if (target instanceof Target.Revision revision) {
      int index = graph.resolve(revision.idOrPrefix());
      // Applied with something applied on top: reaching it means going down (Alembic refuses too).
      if (state.isApplied(index) && graph.descendants(index).intersects(state.applied())) {
        throw new InvalidTargetException(
            Messages.upgradeGoesDown(
                revision.idOrPrefix(), state.heads(), graph.describe(index)));
      }
      pending.or(graph.ancestorsInclusive(index));
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
      int anchorIndex = relative.anchor() == null ? -1 : anchor(graph, relative.anchor());
      if (anchorIndex >= 0) {
        BitSet anchor = graph.ancestorsInclusive(anchorIndex);
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
        String above =
            relative.anchor() == null
                ? lieAbove(taken) + " the current state (" + Messages.rows(state.heads()) + ")"
                : lieAbove(taken) + " " + graph.describe(anchorIndex);
        String advice = "; use upgrade(\"head\")";
        if (relative.anchor() != null && isHead(relative.anchor())) {
          BitSet left = state.applied();
          left.flip(0, graph.size());
          if (left.isEmpty()) {
            advice = ", and the database is at the head already: there is nothing to upgrade";
          } else {
            above +=
                "; "
                    + lieAbove(left.cardinality())
                    + " the current state ("
                    + Messages.rows(state.heads())
                    + ")";
          }
        }
        throw new InvalidTargetException(
            "cannot upgrade by "
                + relative.steps()
                + (relative.anchor() == null ? "" : " past " + relative.anchor())
                + ": "
                + above
                + advice);
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
      remove.or(descendantsOfApplied(graph, state, graph.resolve(revision.idOrPrefix())));
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
        remove.or(descendantsOfApplied(graph, state, anchor(graph, relative.anchor())));
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

  private static BitSet descendantsOfApplied(RevisionGraph graph, AppliedState state, int index) {
    if (!state.isApplied(index)) {
      throw new InvalidTargetException(
          "revision "
              + graph.describe(index)
              + " is not applied (the database is at "
              + Messages.rows(state.heads())
              + "): downgrade goes only down, to an applied revision or to base; use upgrade(\""
              + graph.id(index)
              + "\") to go up to it");
    }
    return graph.descendants(index);
  }

  private static boolean isHead(String anchor) {
    return anchor.equals("head") || anchor.equals("heads");
  }

  /** The revision an {@code <anchor>+N} counts from: an id or prefix, or {@code head}. */
  private static int anchor(RevisionGraph graph, String anchor) {
    if (!isHead(anchor)) {
      return graph.resolve(anchor);
    }
    if (graph.heads().size() != 1) {
      throw new InvalidTargetException(
          "\""
              + anchor
              + "\" is ambiguous: this build has "
              + graph.heads().size()
              + " heads ("
              + String.join(", ", graph.heads())
              + "); count from one of them by id");
    }
    return graph.indexOf(graph.heads().get(0));
  }

  /** {@code only 2 revisions lie above}, {@code no revision lies above}. */
  private static String lieAbove(int count) {
    return count == 0
        ? "no revision lies above"
        : "only " + count + " revision" + (count == 1 ? " lies" : "s lie") + " above";
  }

  private static String text(Target.Relative relative) {
    return (relative.anchor() == null ? "" : relative.anchor())
        + (relative.steps() > 0 ? "+" : "-")
        + Math.abs(relative.steps());
  }
}
