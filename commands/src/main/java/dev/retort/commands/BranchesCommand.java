package dev.retort.commands;

import dev.retort.commands.internal.Graph;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import java.util.ArrayList;
import java.util.List;

/** {@code branches}: every revision that two or more revisions follow. Needs no database. */
public record BranchesCommand() {

  /** Finds the branch points, newest first. */
  public CommandResult.Branches run(Retort retort) {
    Graph graph = Graph.of(retort.config().registry().revisions());
    List<CommandResult.BranchPoint> points = new ArrayList<>();
    List<RevisionInfo> revisions = graph.revisions();
    for (int i = revisions.size() - 1; i >= 0; i--) {
      RevisionInfo revision = revisions.get(i);
      List<String> children = graph.children(revision.id());
      if (children.size() > 1) {
        points.add(
            new CommandResult.BranchPoint(revision, children.stream().map(graph::info).toList()));
      }
    }
    return new CommandResult.Branches(points);
  }
}
