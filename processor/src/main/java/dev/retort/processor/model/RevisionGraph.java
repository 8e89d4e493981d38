package dev.retort.processor.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.Graphs;
import org.jgrapht.alg.cycle.CycleDetector;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.EdgeReversedGraph;
import org.jgrapht.traverse.TopologicalOrderIterator;

/**
 * The revisions of one compilation as a directed graph: one vertex per id, one edge from each
 * revision to each revision its {@code down} names (child to parent). Immutable.
 *
 * <p>When several classes declare the same id, the graph keeps the first by qualified name and
 * {@link #declarations()} still lists all of them, so that the duplicate can be reported. A {@code
 * down} entry that names no declared id adds no edge; {@link #isComplete()} tells.
 *
 * <p>A compile handed only some of the module's sources also reads the revisions of the earlier
 * compile from their class files (see {@link RevisionIndex}); {@link Earlier} says which those are,
 * and which id the earlier compile recorded for each class, so that messages can tell the user
 * which of two declarations is the new one.
 */
public final class RevisionGraph {
  /** Revisions ordered by id, then by qualified name: the order of every report. */
  public static final Comparator<RevisionModel> BY_ID_THEN_NAME =
      Comparator.comparing(RevisionModel::id).thenComparing(RevisionModel::qualifiedName);

  /**
   * What is known of the module's earlier compile.
   *
   * @param ids the id the earlier compile recorded for each class, by qualified name
   * @param fromClassFiles the qualified names of the revisions read from the earlier compile's
   *     class files, whose sources this compile was not given
   */
  public record Earlier(Map<String, String> ids, Set<String> fromClassFiles) {
    /** No earlier compile: a first or clean build. */
    public static final Earlier NONE = new Earlier(Map.of(), Set.of());

    public Earlier {
      ids = Map.copyOf(ids);
      fromClassFiles = Set.copyOf(fromClassFiles);
    }

    /** True when the earlier compile registered {@code model}'s class under its current id. */
    public boolean registered(RevisionModel model) {
      return model.id().equals(ids.get(model.qualifiedName()));
    }

    /** True when {@code model} was read from a class file of the earlier compile. */
    public boolean fromClassFile(RevisionModel model) {
      return fromClassFiles.contains(model.qualifiedName());
    }
  }

  private final List<RevisionModel> declarations;
  private final Map<String, RevisionModel> revisions;
  private final Graph<String, DefaultEdge> graph;
  private final boolean complete;
  private final Earlier earlier;

  private RevisionGraph(
      List<RevisionModel> declarations,
      Map<String, RevisionModel> revisions,
      Graph<String, DefaultEdge> graph,
      boolean complete,
      Earlier earlier) {
    this.declarations = declarations;
    this.revisions = revisions;
    this.graph = graph;
    this.complete = complete;
    this.earlier = earlier;
  }

  /** Builds the graph of {@code models}, in any order, with no earlier compile. */
  public static RevisionGraph of(Collection<RevisionModel> models) {
    return of(models, Earlier.NONE);
  }

  /** Builds the graph of {@code models}, in any order, knowing {@code earlier}. */
  public static RevisionGraph of(Collection<RevisionModel> models, Earlier earlier) {
    List<RevisionModel> declarations = new ArrayList<>(models);
    declarations.sort(BY_ID_THEN_NAME);

    // For a duplicated id, the graph keeps the class the earlier compile registered under it
    // (the original, whose down references its children follow), else the first by name.
    Map<String, RevisionModel> revisions = new LinkedHashMap<>();
    for (RevisionModel model : declarations) {
      RevisionModel kept = revisions.get(model.id());
      if (kept == null || (!earlier.registered(kept) && earlier.registered(model))) {
        revisions.put(model.id(), model);
      }
    }

    // DefaultDirectedGraph allows self-loops (a revision naming itself), which CycleValidator
    // reports, and forbids parallel edges, which a repeated down entry would otherwise make.
    Graph<String, DefaultEdge> graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    revisions.keySet().forEach(graph::addVertex);
    boolean complete = true;
    for (RevisionModel model : revisions.values()) {
      for (String down : model.distinctDowns()) {
        if (graph.containsVertex(down)) {
          graph.addEdge(model.id(), down);
        } else {
          complete = false;
        }
      }
    }
    return new RevisionGraph(
        List.copyOf(declarations),
        Map.copyOf(revisions),
        new AsUnmodifiableGraph<>(graph),
        complete,
        earlier);
  }

  /** What is known of the module's earlier compile. */
  public Earlier earlier() {
    return earlier;
  }

  /** The ids that more than one class declares, sorted. */
  public Set<String> duplicatedIds() {
    Set<String> seen = new HashSet<>();
    Set<String> duplicated = new TreeSet<>();
    for (RevisionModel model : declarations) {
      if (!seen.add(model.id())) {
        duplicated.add(model.id());
      }
    }
    return duplicated;
  }

  /** Every {@code @Revision} class, duplicates included, by id and then qualified name. */
  public List<RevisionModel> declarations() {
    return declarations;
  }

  /** The ids of the graph, sorted. */
  public Set<String> ids() {
    return new TreeSet<>(revisions.keySet());
  }

  /** The revisions of the graph (for a duplicated id, the one it keeps), sorted by id. */
  public List<RevisionModel> revisions() {
    return revisions.values().stream().sorted(BY_ID_THEN_NAME).toList();
  }

  /** The revision declaring {@code id}, if any. */
  public Optional<RevisionModel> revision(String id) {
    return Optional.ofNullable(revisions.get(id));
  }

  /** The revision declaring {@code id}; throws if there is none. */
  public RevisionModel get(String id) {
    RevisionModel model = revisions.get(id);
    if (model == null) {
      throw new IllegalArgumentException("not a revision id: " + id);
    }
    return model;
  }

  /** The graph itself, read-only; edges go from child to parent. */
  public Graph<String, DefaultEdge> graph() {
    return graph;
  }

  /** The ids that {@code id}'s down names and that exist, sorted. */
  public List<String> parents(String id) {
    return Graphs.successorListOf(graph, id).stream().sorted().toList();
  }

  /** The ids whose down names {@code id}, sorted. */
  public List<String> children(String id) {
    return Graphs.predecessorListOf(graph, id).stream().sorted().toList();
  }

  /**
   * The heads: ids that no revision names in its down, sorted. Meaningful only on a complete graph
   * without cycles.
   */
  public List<String> heads() {
    return graph.vertexSet().stream().filter(id -> graph.inDegreeOf(id) == 0).sorted().toList();
  }

  /** The bases: ids whose down is empty, sorted. */
  public List<String> bases() {
    return revisions.values().stream()
        .filter(model -> model.downs().isEmpty())
        .map(RevisionModel::id)
        .sorted()
        .toList();
  }

  /** Every id reachable from {@code id} through down references, {@code id} excluded. */
  public Set<String> ancestors(String id) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(Graphs.successorListOf(graph, id));
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (seen.add(next)) {
        pending.addAll(Graphs.successorListOf(graph, next));
      }
    }
    seen.remove(id);
    return seen;
  }

  /** Every id from which {@code id} is reachable through down references, {@code id} excluded. */
  public Set<String> descendants(String id) {
    Set<String> seen = new HashSet<>();
    Deque<String> pending = new ArrayDeque<>(Graphs.predecessorListOf(graph, id));
    while (!pending.isEmpty()) {
      String next = pending.pop();
      if (seen.add(next)) {
        pending.addAll(Graphs.predecessorListOf(graph, next));
      }
    }
    seen.remove(id);
    return seen;
  }

  /** True when every down entry of every revision names a declared id. */
  public boolean isComplete() {
    return complete;
  }

  /** True when no down references form a cycle (a self-reference included). */
  public boolean isAcyclic() {
    return !new CycleDetector<>(graph).detectCycles();
  }

  /**
   * The ids with every revision after all the revisions its down names, ties broken by id, so the
   * order is the same on every compile.
   *
   * @throws IllegalStateException if the graph has a cycle
   */
  public List<String> topologicalOrder() {
    if (!isAcyclic()) {
      throw new IllegalStateException("graph has a cycle");
    }
    // Reversed, edges go parent to child, so a vertex becomes available once all its parents
    // are out; the comparator picks the smallest available id.
    Iterator<String> iterator =
        new TopologicalOrderIterator<>(
            new EdgeReversedGraph<>(graph), Comparator.<String>naturalOrder());
    List<String> order = new ArrayList<>(graph.vertexSet().size());
    iterator.forEachRemaining(order::add);
    return List.copyOf(order);
  }

  /** The revisions, for tests and debugging: {@code {77b0=[], a1f3=[77b0]}}. */
  @Override
  public String toString() {
    Map<String, List<String>> edges = new TreeMap<>();
    revisions.values().forEach(model -> edges.put(model.id(), model.distinctDowns()));
    return edges.toString();
  }
}
