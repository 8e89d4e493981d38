package dev.retort.runtime.internal;

import dev.retort.runtime.InvalidTargetException;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry's revisions indexed for walking: each revision is its index in the registry's
 * topological order, so "earlier in the order" means "may be an ancestor". Built only when there is
 * work to do; the at-head path never needs it.
 */
public final class RevisionGraph {
  private final List<RevisionInfo> revisions;
  private final Map<String, Integer> indexById;
  private final int[][] downs;
  private final int[][] children;
  private final List<String> heads;

  private RevisionGraph(RevisionRegistry registry) {
    this.revisions = registry.revisions();
    int size = revisions.size();
    this.indexById = new HashMap<>(size * 2);
    this.downs = new int[size][];
    List<List<Integer>> childLists = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      RevisionInfo info = revisions.get(i);
      if (indexById.putIfAbsent(info.id(), i) != null) {
        throw inconsistent(registry, "revision " + info.id() + " appears twice");
      }
      childLists.add(new ArrayList<>(1));
      List<String> downIds = info.downs();
      downs[i] = new int[downIds.size()];
      for (int d = 0; d < downIds.size(); d++) {
        Integer parent = indexById.get(downIds.get(d));
        if (parent == null) {
          // The processor emits every revision after its downs; anything else is a hand-made
          // registry.
          throw inconsistent(
              registry,
              "revision "
                  + info.id()
                  + " names down "
                  + downIds.get(d)
                  + ", which is not before it");
        }
        downs[i][d] = parent;
        childLists.get(parent).add(i);
      }
    }
    this.children = new int[size][];
    List<String> computedHeads = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      children[i] = childLists.get(i).stream().mapToInt(Integer::intValue).toArray();
      if (children[i].length == 0) {
        computedHeads.add(revisions.get(i).id());
      }
    }
    computedHeads.sort(null);
    this.heads = List.copyOf(computedHeads);
  }

  /** Indexes {@code registry}, checking that it is a well-formed topological order. */
  public static RevisionGraph of(RevisionRegistry registry) {
    return new RevisionGraph(registry);
  }

  private static RetortException inconsistent(RevisionRegistry registry, String problem) {
    return new RetortException(
        "revision registry "
            + registry.getClass().getName()
            + " is inconsistent: "
            + problem
            + "; rebuild it with retort-processor on the annotation processor path");
  }

  public int size() {
    return revisions.size();
  }

  public RevisionInfo info(int index) {
    return revisions.get(index);
  }

  public String id(int index) {
    return revisions.get(index).id();
  }

  /** The index of revision {@code id}, or -1. */
  public int indexOf(String id) {
    Integer index = indexById.get(id);
    return index == null ? -1 : index;
  }

  public int[] downs(int index) {
    return downs[index];
  }

  public int[] children(int index) {
    return children[index];
  }

  /** The ids no revision follows, sorted. */
  public List<String> heads() {
    return heads;
  }

  /** {@code index} and every revision it descends from. */
  public BitSet ancestorsInclusive(int index) {
    BitSet seen = new BitSet(size());
    walk(index, downs, seen);
    return seen;
  }

  /** Every revision that descends from {@code index}, not including it. */
  public BitSet descendants(int index) {
    BitSet seen = new BitSet(size());
    walk(index, children, seen);
    seen.clear(index);
    return seen;
  }

  private static void walk(int start, int[][] edges, BitSet seen) {
    int[] stack = new int[16];
    int top = 0;
    stack[top++] = start;
    seen.set(start);
    while (top > 0) {
      int current = stack[--top];
      for (int next : edges[current]) {
        if (!seen.get(next)) {
          seen.set(next);
          if (top == stack.length) {
            stack = java.util.Arrays.copyOf(stack, top * 2);
          }
          stack[top++] = next;
        }
      }
    }
  }

  /**
   * The index of the revision whose id is {@code idOrPrefix}, or whose id alone starts with it.
   *
   * @throws InvalidTargetException when no revision or more than one matches
   */
  public int resolve(String idOrPrefix) {
    Integer exact = indexById.get(idOrPrefix);
    if (exact != null) {
      return exact;
    }
    List<Integer> matches = new ArrayList<>();
    for (int i = 0; i < revisions.size(); i++) {
      if (revisions.get(i).id().startsWith(idOrPrefix)) {
        matches.add(i);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw new InvalidTargetException(
          "no revision in this build has an id starting with \""
              + idOrPrefix
              + "\"; history() lists them all (head: "
              + String.join(", ", heads)
              + ")");
    }
    List<String> candidates = new ArrayList<>();
    for (int i : matches) {
      candidates.add(describe(i));
    }
    candidates.sort(null);
    throw new InvalidTargetException(
        "revision prefix \""
            + idOrPrefix
            + "\" is ambiguous: it matches "
            + String.join(", ", candidates)
            + "; give more of the id");
  }

  /** {@code 1b7e443f2a9c (AddPhoneToResource)}, for messages. */
  public String describe(int index) {
    RevisionInfo info = revisions.get(index);
    return info.id() + " (" + info.simpleName() + ")";
  }
}
