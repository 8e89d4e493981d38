package dev.retort.commands;

import dev.retort.runtime.CurrentRevisions;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code current [-v] [--check-heads]}: the revisions the version table names, and any backfill
 * under way or waiting to resume. Reads the version table once, the backfill table once, and the
 * registry's data; loads no revision class.
 *
 * @param verbose whether the result shows each revision's details
 * @param checkHeads whether a database not at head makes the result fail with {@link
 *     ExitCode#NOT_AT_HEAD}
 */
public record CurrentCommand(boolean verbose, boolean checkHeads) {

  /** Reads the version table. */
  public CommandResult.Current run(Retort retort) {
    CurrentRevisions current = retort.current();
    Map<String, RevisionInfo> byId = new HashMap<>();
    for (RevisionInfo info : retort.config().registry().revisions()) {
      byId.put(info.id(), info);
    }
    List<RevisionInfo> revisions = new ArrayList<>();
    for (String row : current.revisions()) {
      revisions.add(byId.get(row)); // null: a row this build does not declare
    }
    return new CommandResult.Current(
        current,
        revisions,
        retort.config().dataSource().toString(),
        retort.config().versionTable(),
        verbose,
        checkHeads,
        retort.backfills());
  }
}
