package dev.retort.commands;

import dev.retort.commands.internal.Graph;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import java.util.List;
import java.util.Objects;

/**
 * {@code show <rev>}: one revision in full. Needs no database.
 *
 * @param revision a full id, a unique prefix of one, or {@code head} when the build has one head
 */
public record ShowCommand(String revision) {
  public ShowCommand {
    Objects.requireNonNull(revision, "revision == null");
  }

  /** Looks the revision up in the registry. */
  public CommandResult.Show run(Retort retort) {
    List<RevisionInfo> revisions = retort.config().registry().revisions();
    RevisionInfo info =
        revision.equals("head")
            ? retort.revision(retort.config().registry().heads().get(0))
            : retort.revision(revision);
    Graph graph = Graph.of(revisions);
    List<String> children = graph.children(info.id());
    return new CommandResult.Show(info, children, children.isEmpty());
  }
}
