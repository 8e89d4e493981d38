package dev.retort.commands;

import dev.retort.commands.internal.Graph;
import dev.retort.runtime.HistoryEntry;
import dev.retort.runtime.HistoryRow;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code history [-r start:end] [-v] [-i]}: every revision, newest first. Reads the database only
 * with {@code -i} or {@code -v}, as Alembic does with {@code --indicate-current}; {@code -v} adds
 * each revision's run log from the history table (when, what, how long, by whom).
 *
 * @param range {@code start:end}, either side optional: {@code base}, {@code head}, {@code
 *     current}, a full id or a unique prefix; null for all revisions. Both ends are included.
 * @param verbose whether the result shows each revision's details
 * @param indicateCurrent whether to read the version table and mark {@code (current)}
 */
public record HistoryCommand(String range, boolean verbose, boolean indicateCurrent) {

  /** Lists the revisions in range. */
  public CommandResult.History run(Retort retort) {
    Graph graph = Graph.of(retort.config().registry().revisions());
    boolean readDatabase = indicateCurrent || verbose;
    Map<String, HistoryEntry> entries = new HashMap<>();
    List<String> currentRows = null;
    Map<String, List<HistoryRow>> runs = new HashMap<>();
    if (readDatabase) {
      for (HistoryEntry entry : retort.history()) {
        entries.put(entry.id(), entry);
      }
    }
    if (verbose) {
      // historyRows() is newest first; a revision's run log reads oldest first, like the table.
      List<HistoryRow> rows = retort.historyRows();
      for (int i = rows.size() - 1; i >= 0; i--) {
        runs.computeIfAbsent(rows.get(i).revisionId(), id -> new ArrayList<>()).add(rows.get(i));
      }
    }
    Set<String> inRange = null;
    if (range != null) {
      int colon = range.indexOf(':');
      if (colon < 0 || range.indexOf(':', colon + 1) >= 0) {
        throw new UsageException(
            "history -r \""
                + range
                + "\" is not a range; write start:end, either side optional, for example -r"
                + " base:head, -r 1b7e:current or -r 1b7e:");
      }
      String start = range.substring(0, colon).strip();
      String end = range.substring(colon + 1).strip();
      if (start.equals("current") || end.equals("current")) {
        currentRows = retort.current().revisions();
      }
      List<String> lower = lowerBound(retort, start, currentRows);
      List<String> upper = upperBound(retort, end, currentRows);
      List<String> allIds = graph.revisions().stream().map(RevisionInfo::id).toList();
      Set<String> above = lower == null ? Set.copyOf(allIds) : graph.descendantsInclusive(lower);
      Set<String> below = upper == null ? Set.copyOf(allIds) : graph.ancestorsInclusive(upper);
      inRange = new java.util.HashSet<>(above);
      inRange.retainAll(below);
    }
    List<CommandResult.HistoryLine> lines = new ArrayList<>();
    List<RevisionInfo> revisions = graph.revisions();
    for (int i = revisions.size() - 1; i >= 0; i--) {
      RevisionInfo info = revisions.get(i);
      if (inRange != null && !inRange.contains(info.id())) {
        continue;
      }
      HistoryEntry entry = entries.get(info.id());
      List<String> children = graph.children(info.id());
      lines.add(
          new CommandResult.HistoryLine(
              info,
              children,
              children.isEmpty(),
              entry != null && entry.isCurrent(),
              entry != null && entry.isApplied(),
              runs.getOrDefault(info.id(), List.of())));
    }
    return new CommandResult.History(lines, verbose, readDatabase);
  }

  /** The revisions the range starts at, or null to start at the bases. */
  private static List<String> lowerBound(Retort retort, String text, List<String> currentRows) {
    return switch (text) {
      case "", "base" -> null;
      case "head", "heads" -> retort.config().registry().heads();
      case "current" -> currentRows.isEmpty() ? null : currentRows;
      default -> List.of(retort.revision(text).id());
    };
  }

  /** The revisions the range ends at, or null to end at the heads; empty for base. */
  private static List<String> upperBound(Retort retort, String text, List<String> currentRows) {
    return switch (text) {
      case "", "head", "heads" -> null;
      case "base" -> List.of();
      case "current" -> currentRows;
      default -> List.of(retort.revision(text).id());
    };
  }
}
