package dev.retort.commands.internal;

import dev.retort.runtime.RevisionInfo;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The revision graph as the commands need it: children of a revision, ancestors and descendants.
 * Built from the registry's data or from parsed sources; never loads a revision class.
 */
public final class Graph {
  private final List<RevisionInfo> revisions;
  private final Map<String, RevisionInfo> byId = new HashMap<>();
  private final Map<String, List<String>> children = new TreeMap<>();

  private Graph(List<RevisionInfo> revisions) {
    this.revisions = List.copyOf(revisions);
    for (RevisionInfo info : revisions) {
      byId.put(info.id(), info);
      children.putIfAbsent(info.id(), new ArrayList<>());
    }
    for (RevisionInfo info : revisions) {
      for (String down : info.downs()) {
        children.computeIfAbsent(down, k -> new ArrayList<>()).add(info.id());
      }
    }
    children.values().forEach(list -> list.sort(null));
  }

  /** The graph of {@code revisions}, given in topological order. */
  public static Graph of(List<RevisionInfo> revisions) {
    return new Graph(revisions);
  }

  /** Every revision, in the order given (topological for a registry). */
  public List<RevisionInfo> revisions() {
    return revisions;
  }

  public RevisionInfo info(String id) {
    return byId.get(id);
  }

  /** The revisions that name {@code id} as down, sorted. */
  public List<String> children(String id) {
    return children.getOrDefault(id, List.of());
  }

  /** {@code ids} and everything below them. */
  public Set<String> ancestorsInclusive(Collection<String> ids) {
    return walk(ids, id -> byId.containsKey(id) ? byId.get(id).downs() : List.of());
  }

  /** {@code ids} and everything above them. */
  public Set<String> descendantsInclusive(Collection<String> ids) {
    return walk(ids, this::children);
  }

  private static Set<String> walk(
      Collection<String> start, java.util.function.Function<String, List<String>> next) {
    Set<String> seen = new LinkedHashSet<>();
    Deque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (seen.add(id)) {
        todo.addAll(next.apply(id));
      }
    }
    return seen;
  }
}
