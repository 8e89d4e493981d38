package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultEdge;

/**
 * Down references form no cycle: every revision comes after the revisions it names.
 *
 * <p>Reports once per strongly connected component (a self-reference counts as one), showing the
 * shortest cycle through the component's smallest id, on that revision's down entry that starts the
 * cycle. Dagger's cycle reporter does the same: one error per cycle, at a stable place.
 *
 * <p>A cycle through a duplicated id is left to {@link DuplicateIdValidator}: which class the id
 * means is the mistake there, and a copy that names its original's id in its down (the original it
 * meant to follow) would otherwise show up as a second error, a revision naming itself.
 */
final class CycleValidator implements GraphValidator {
  @Override
  public String name() {
    return "Retort/Cycle";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    Graph<String, DefaultEdge> g = graph.graph();
    Set<String> duplicated = graph.duplicatedIds();
    List<List<String>> cycles = new ArrayList<>();
    for (Set<String> component :
        new KosarajuStrongConnectivityInspector<>(g).stronglyConnectedSets()) {
      String start = Collections.min(component);
      if (component.stream().anyMatch(duplicated::contains)) {
        continue;
      }
      if (component.size() > 1 || g.containsEdge(start, start)) {
        cycles.add(shortestCycle(graph, start, component));
      }
    }
    cycles.sort((a, b) -> a.get(0).compareTo(b.get(0)));
    for (List<String> cycle : cycles) {
      List<RevisionModel> revisions = cycle.stream().map(graph::get).toList();
      RevisionModel first = revisions.get(0);
      String firstDown = cycle.size() > 1 ? cycle.get(1) : first.id();
      diagnostics.error(Messages.cycle(revisions), first, first.downValue(firstDown));
    }
  }

  /**
   * The shortest path along down references from {@code start} back to it, inside {@code
   * component}, without repeating {@code start} at the end. Breadth-first, visiting ids in order,
   * so ties resolve the same way on every compile.
   */
  private static List<String> shortestCycle(
      RevisionGraph graph, String start, Set<String> component) {
    Map<String, String> previous = new HashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    pending.add(start);
    while (!pending.isEmpty()) {
      String current = pending.poll();
      for (String parent : graph.parents(current)) { // sorted
        if (parent.equals(start)) {
          List<String> path = new ArrayList<>();
          for (String at = current; at != null; at = previous.get(at)) {
            path.add(at);
          }
          Collections.reverse(path);
          return path;
        }
        if (component.contains(parent) && !previous.containsKey(parent)) {
          previous.put(parent, current);
          pending.add(parent);
        }
      }
    }
    throw new IllegalStateException("no cycle through " + start);
  }
}
