package dev.retort.runtime.internal;

import dev.retort.runtime.DatabaseStateException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Which revisions a database has applied, derived from its version rows: each row and all of its
 * ancestors. Kept up to date step by step, so that the rows to write after each revision come from
 * counting applied children instead of walking the graph again.
 */
final class AppliedState {
  private final RevisionGraph graph;
  private final BitSet applied;
  private final int[] appliedChildren;
  private final TreeSet<String> heads;

  private AppliedState(RevisionGraph graph, BitSet applied, TreeSet<String> heads) {
    this.graph = graph;
    this.applied = applied;
    this.heads = heads;
    this.appliedChildren = new int[graph.size()];
    for (int i = applied.nextSetBit(0); i >= 0; i = applied.nextSetBit(i + 1)) {
      for (int down : graph.downs(i)) {
        appliedChildren[down]++;
      }
    }
  }

  /**
   * The state that {@code rows} describe.
   *
   * @throws DatabaseStateException when a row names a revision this build does not declare, or one
   *     row is an ancestor of another
   */
  static AppliedState of(RevisionGraph graph, List<String> rows, String versionTable) {
    BitSet applied = new BitSet(graph.size());
    List<Integer> rowIndexes = new ArrayList<>(rows.size());
    for (String row : rows) {
      int index = graph.indexOf(row);
      if (index < 0) {
        throw new DatabaseStateException(
            Messages.unknownRevision(versionTable, row, graph.heads()));
      }
      rowIndexes.add(index);
      applied.or(graph.ancestorsInclusive(index));
    }
    for (int row : rowIndexes) {
      for (int other : rowIndexes) {
        if (row != other && graph.ancestorsInclusive(other).get(row)) {
          throw new DatabaseStateException(
              Messages.rowsNotHeads(versionTable, graph.id(row), graph.id(other)));
        }
      }
    }
    return new AppliedState(graph, applied, new TreeSet<>(rows));
  }

  boolean isApplied(int index) {
    return applied.get(index);
  }

  BitSet applied() {
    return (BitSet) applied.clone();
  }

  /** The version rows this state has, sorted. */
  List<String> heads() {
    return List.copyOf(heads);
  }

  /**
   * A revision that must change first: for an upgrade, a down revision of {@code index} that is not
   * applied; for a downgrade, an applied child. -1 when {@code index} may run.
   */
  int unmetDependency(int index, boolean upgrade) {
    for (int other : upgrade ? graph.downs(index) : graph.children(index)) {
      if (applied.get(other) != upgrade) {
        return other;
      }
    }
    return -1;
  }

  /** Records that {@code index} was upgraded; returns the version-row change that goes with it. */
  RowChange upgrade(int index) {
    List<String> remove = new ArrayList<>(1);
    for (int down : graph.downs(index)) {
      if (appliedChildren[down]++ == 0) {
        remove.add(graph.id(down));
        heads.remove(graph.id(down));
      }
    }
    applied.set(index);
    heads.add(graph.id(index));
    return new RowChange(remove, List.of(graph.id(index)));
  }

  /**
   * Records that {@code index} was downgraded; returns the version-row change that goes with it.
   */
  RowChange downgrade(int index) {
    List<String> add = new ArrayList<>(1);
    applied.clear(index);
    heads.remove(graph.id(index));
    for (int down : graph.downs(index)) {
      if (--appliedChildren[down] == 0) {
        add.add(graph.id(down));
        heads.add(graph.id(down));
      }
    }
    return new RowChange(List.of(graph.id(index)), add);
  }

  /** The version rows to delete and insert for one step. */
  record RowChange(List<String> remove, List<String> add) {}
}
