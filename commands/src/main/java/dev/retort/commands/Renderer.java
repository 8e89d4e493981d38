package dev.retort.commands;

import dev.retort.commands.internal.Json;
import dev.retort.runtime.AppliedRevision;
import dev.retort.runtime.Direction;
import dev.retort.runtime.HistoryRow;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.SqlScript;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns every {@link CommandResult} into text for people (aligned columns, {@code (head)} and
 * {@code (current)} marks as in Alembic) or JSON for scripts. The only place output is formatted;
 * front ends print what it returns, through their {@link Redactor}.
 */
public final class Renderer {
  // Run times in UTC, whatever the operator's zone, as the history table stores them.
  private static final DateTimeFormatter RUN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Renderer() {}

  /** The line printed for each revision as it commits, before the summary. */
  public static String progress(AppliedRevision revision) {
    return String.format(
        "%s  %-9s %6s  %s",
        revision.id(),
        revision.direction() == Direction.UPGRADE ? "upgrade" : "downgrade",
        millis(revision.duration()),
        revision.message());
  }

  /** The result as text, one or more lines, without a trailing newline. */
  public static String text(CommandResult result) {
    // Java 17: no pattern switch yet; the sealed interface keeps this list complete by review.
    if (result instanceof CommandResult.Migrated m) {
      return migrated(m.result());
    } else if (result instanceof CommandResult.Current c) {
      return current(c);
    } else if (result instanceof CommandResult.History h) {
      return history(h);
    } else if (result instanceof CommandResult.Heads h) {
      return heads(h);
    } else if (result instanceof CommandResult.Branches b) {
      return branches(b);
    } else if (result instanceof CommandResult.Show s) {
      return details(s.revision(), s.children(), s.isHead(), false, false);
    } else if (result instanceof CommandResult.Script script) {
      SqlScript sql = script.script();
      if (script.file() == null) {
        return sql.text().stripTrailing();
      }
      return "wrote "
          + script.file()
          + ": "
          + (sql.direction() == Direction.UPGRADE ? "upgrade " : "downgrade ")
          + rows(sql.from())
          + " -> "
          + rows(sql.to())
          + ", "
          + sql.revisions().size()
          + (sql.revisions().size() == 1 ? " revision" : " revisions")
          + ", "
          + sql.dialect();
    } else if (result instanceof CommandResult.Stamped s) {
      return "stamped "
          + rows(s.result().from())
          + " -> "
          + rows(s.result().to())
          + "; no revision ran";
    } else if (result instanceof CommandResult.Checked c) {
      return checked(c);
    } else if (result instanceof CommandResult.VersionTableEnsured v) {
      return "version table "
          + v.versionTable()
          + " and history table "
          + v.historyTable()
          + " are in place";
    } else if (result instanceof CommandResult.SourceWritten w) {
      return w.file().toString();
    }
    throw new IllegalArgumentException("unknown result " + result);
  }

  private static String migrated(MigrationResult result) {
    String verb = result.direction() == Direction.UPGRADE ? "upgrade" : "downgrade";
    if (result.isNoOp()) {
      return result.direction() == Direction.UPGRADE
          ? "database at " + rows(result.to()) + "; nothing to upgrade"
          : "database at " + rows(result.to()) + "; nothing to downgrade";
    }
    Duration total = Duration.ZERO;
    for (AppliedRevision revision : result.applied()) {
      total = total.plus(revision.duration());
    }
    int count = result.applied().size();
    return verb
        + "d "
        + rows(result.from())
        + " -> "
        + rows(result.to())
        + ": "
        + count
        + (count == 1 ? " revision" : " revisions")
        + " in "
        + millis(total);
  }

  private static String current(CommandResult.Current c) {
    List<String> lines = new ArrayList<>();
    if (c.verbose()) {
      lines.add("database: " + c.database() + ", version table " + c.versionTable());
    }
    List<String> rows = c.current().revisions();
    if (rows.isEmpty()) {
      lines.add("base (no revision applied)");
    }
    List<String[]> table = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      RevisionInfo info = c.revisions().get(i);
      if (info == null) {
        table.add(new String[] {rows.get(i), "(not in this build)", ""});
      } else if (c.verbose()) {
        lines.add(details(info, List.of(), c.current().heads().contains(info.id()), false, false));
      } else {
        table.add(
            new String[] {
              info.id(), c.current().heads().contains(info.id()) ? "(head)" : "", info.message()
            });
      }
    }
    lines.addAll(columns(table));
    if (!c.current().isAtHead()) {
      lines.add(
          "not at head: this build's head is "
              + rows(c.current().heads())
              + (c.checkHeads() ? "; run upgrade head" : ""));
    }
    return String.join("\n", lines);
  }

  private static String history(CommandResult.History h) {
    if (h.lines().isEmpty()) {
      return "(no revisions)";
    }
    if (h.verbose()) {
      List<String> blocks = new ArrayList<>();
      for (CommandResult.HistoryLine line : h.lines()) {
        blocks.add(
            details(
                line.revision(), line.children(), line.isHead(), line.isCurrent(), true)
                + (line.isApplied() ? "" : "\nApplied: no")
                + runLog(line.runs()));
      }
      return String.join("\n\n", blocks);
    }
    List<String[]> table = new ArrayList<>();
    for (CommandResult.HistoryLine line : h.lines()) {
      RevisionInfo info = line.revision();
      table.add(
          new String[] {
            downs(info.downs()),
            "->",
            info.id(),
            marks(line.isHead(), line.isCurrent(), info.isMerge(), line.children().size() > 1),
            info.message()
          });
    }
    return String.join("\n", columns(table));
  }

  private static String heads(CommandResult.Heads h) {
    if (h.verbose()) {
      List<String> blocks = new ArrayList<>();
      for (RevisionInfo head : h.heads()) {
        blocks.add(details(head, List.of(), true, false, false));
      }
      return String.join("\n\n", blocks);
    }
    List<String[]> table = new ArrayList<>();
    for (RevisionInfo head : h.heads()) {
      table.add(new String[] {head.id(), "(head)", head.message()});
    }
    return String.join("\n", columns(table));
  }

  private static String branches(CommandResult.Branches b) {
    if (b.points().isEmpty()) {
      return "(no branch points)";
    }
    List<String> lines = new ArrayList<>();
    for (CommandResult.BranchPoint point : b.points()) {
      lines.add(point.revision().id() + " (branchpoint)  " + point.revision().message());
      List<String[]> table = new ArrayList<>();
      for (RevisionInfo child : point.children()) {
        table.add(new String[] {"  ->", child.id(), child.message()});
      }
      lines.addAll(columns(table));
    }
    return String.join("\n", lines);
  }

  private static String checked(CommandResult.Checked c) {
    if (c.pending() == null) {
      return checksumsAndDrift(c);
    }
    return checksumsAndDrift(c)
        + "\ncompared with the target, "
        + c.target()
        + "\n"
        + c.pending().toString().stripTrailing();
  }

  private static String checksumsAndDrift(CommandResult.Checked c) {
    if (c.mismatch() != null) {
      return "check found a difference: " + c.mismatch().getMessage();
    }
    int verified = c.result().verified().size();
    int unrecorded = c.result().unrecorded().size();
    return "checked "
        + (verified + unrecorded)
        + " applied revision"
        + (verified + unrecorded == 1 ? "" : "s")
        + ": "
        + verified
        + " checksum"
        + (verified == 1 ? "" : "s")
        + " match"
        + (verified == 1 ? "es" : "")
        + (unrecorded == 0
            ? ""
            : ", " + unrecorded + " without a recorded checksum (" + String.join(", ",
                c.result().unrecorded()) + ")")
        + "\n"
        + c.drift().toString().stripTrailing();
  }

  /** Alembic's verbose block: Rev, Parent, Class, flags, then the message indented. */
  private static String details(
      RevisionInfo info, List<String> children, boolean head, boolean current, boolean history) {
    StringBuilder out = new StringBuilder();
    out.append("Rev: ").append(info.id());
    String marks = marks(head, current, info.isMerge(), children.size() > 1);
    if (!marks.isEmpty()) {
      out.append(' ').append(marks);
    }
    out.append("\nParent: ").append(downs(info.downs()));
    if (!children.isEmpty()) {
      out.append(children.size() > 1 ? "\nBranches into: " : "\nChild: ")
          .append(String.join(", ", children));
    }
    out.append("\nClass: ").append(info.className());
    out.append("\nFile: ").append(sourceFile(info.className()));
    out.append("\nTransactional: ").append(info.transactional() ? "yes" : "no");
    out.append(", reversible: ").append(info.reversible() ? "yes" : "no");
    out.append("\nChecksum: ").append(info.checksum() == null ? "none" : info.checksum());
    out.append("\n\n    ").append(info.message().isEmpty() ? "(no message)" : info.message());
    return out.toString();
  }

  /** {@code history -v}'s run log: one aligned line per history row, oldest first. */
  private static String runLog(List<HistoryRow> runs) {
    if (runs.isEmpty()) {
      return "";
    }
    List<String[]> table = new ArrayList<>();
    for (HistoryRow run : runs) {
      table.add(
          new String[] {
            "    " + RUN_TIME.format(run.appliedAt()),
            run.action(),
            run.duration().toMillis() + " ms",
            run.appliedBy() == null ? "" : "by " + run.appliedBy()
          });
    }
    return "\nRuns:\n" + String.join("\n", columns(table));
  }

  /** The source file a class was compiled from, by Java's naming rule. */
  private static String sourceFile(String className) {
    int nested = className.indexOf('$');
    String topLevel = nested < 0 ? className : className.substring(0, nested);
    return topLevel.replace('.', '/') + ".java";
  }

  private static String marks(boolean head, boolean current, boolean merge, boolean branch) {
    List<String> marks = new ArrayList<>();
    if (head) {
      marks.add("(head)");
    }
    if (current) {
      marks.add("(current)");
    }
    if (merge) {
      marks.add("(mergepoint)");
    }
    if (branch) {
      marks.add("(branchpoint)");
    }
    return String.join(" ", marks);
  }

  private static String downs(List<String> downs) {
    return downs.isEmpty() ? "<base>" : String.join(", ", downs);
  }

  private static String rows(List<String> rows) {
    return rows.isEmpty() ? "base" : String.join(", ", rows);
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }

  /** Pads every column but the last to its widest cell; drops trailing blanks. */
  private static List<String> columns(List<String[]> rows) {
    List<String> lines = new ArrayList<>();
    if (rows.isEmpty()) {
      return lines;
    }
    // A column empty in every row (no marks, say) is dropped rather than printed as blanks.
    int full = rows.get(0).length;
    List<Integer> kept = new ArrayList<>();
    for (int i = 0; i < full; i++) {
      for (String[] row : rows) {
        if (!row[i].isEmpty()) {
          kept.add(i);
          break;
        }
      }
    }
    List<String[]> compact = new ArrayList<>();
    for (String[] row : rows) {
      compact.add(kept.stream().map(i -> row[i]).toArray(String[]::new));
    }
    rows = compact;
    int width = kept.size();
    int[] widths = new int[width];
    for (String[] row : rows) {
      for (int i = 0; i < width - 1; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < width; i++) {
        if (i > 0) {
          line.append("  ");
        }
        line.append(i < width - 1 ? pad(row[i], widths[i]) : row[i]);
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(width - text.length());
  }

  /** The result as one JSON object. */
  public static String json(CommandResult result) {
    Json json = new Json().beginObject();
    if (result instanceof CommandResult.Migrated m) {
      MigrationResult r = m.result();
      json.value("command", r.direction() == Direction.UPGRADE ? "upgrade" : "downgrade")
          .strings("from", r.from())
          .strings("to", r.to())
          .beginArray("applied");
      for (AppliedRevision a : r.applied()) {
        json.beginObject()
            .value("id", a.id())
            .value("message", a.message())
            .value("durationMillis", a.duration().toMillis())
            .endObject();
      }
      json.endArray();
    } else if (result instanceof CommandResult.Current c) {
      json.value("command", "current")
          .value("database", c.database())
          .value("versionTable", c.versionTable())
          .strings("revisions", c.current().revisions())
          .strings("heads", c.current().heads())
          .value("atHead", c.current().isAtHead())
          .beginArray("details");
      for (int i = 0; i < c.revisions().size(); i++) {
        RevisionInfo info = c.revisions().get(i);
        if (info == null) {
          json.beginObject()
              .value("id", c.current().revisions().get(i))
              .value("known", false)
              .endObject();
        } else {
          revision(json.beginObject(), info).value("known", true).endObject();
        }
      }
      json.endArray();
    } else if (result instanceof CommandResult.History h) {
      json.value("command", "history").beginArray("revisions");
      for (CommandResult.HistoryLine line : h.lines()) {
        revision(json.beginObject(), line.revision())
            .strings("children", line.children())
            .value("isHead", line.isHead());
        if (h.indicateCurrent()) {
          json.value("isCurrent", line.isCurrent()).value("isApplied", line.isApplied());
        }
        if (h.verbose()) {
          json.beginArray("runs");
          for (HistoryRow run : line.runs()) {
            json.beginObject()
                .value("action", run.action())
                .value("appliedAt", run.appliedAt().toString())
                .value("durationMs", run.duration().toMillis());
            if (run.appliedBy() != null) {
              json.value("appliedBy", run.appliedBy());
            }
            json.endObject();
          }
          json.endArray();
        }
        json.endObject();
      }
      json.endArray();
    } else if (result instanceof CommandResult.Heads h) {
      json.value("command", "heads").beginArray("heads");
      for (RevisionInfo head : h.heads()) {
        revision(json.beginObject(), head).endObject();
      }
      json.endArray();
    } else if (result instanceof CommandResult.Branches b) {
      json.value("command", "branches").beginArray("branchPoints");
      for (CommandResult.BranchPoint point : b.points()) {
        revision(json.beginObject(), point.revision())
            .strings("children", point.children().stream().map(RevisionInfo::id).toList())
            .endObject();
      }
      json.endArray();
    } else if (result instanceof CommandResult.Show s) {
      revision(json.value("command", "show"), s.revision())
          .strings("children", s.children())
          .value("isHead", s.isHead());
    } else if (result instanceof CommandResult.Script script) {
      SqlScript sql = script.script();
      json.value(
              "command", sql.direction() == Direction.UPGRADE ? "upgrade --sql" : "downgrade --sql")
          .value("dialect", sql.dialect())
          .strings("from", sql.from())
          .strings("to", sql.to())
          .strings("revisions", sql.revisions())
          .strings("placeholders", sql.placeholders());
      if (script.file() == null) {
        json.value("text", sql.text());
      } else {
        json.value("file", script.file().toString());
      }
    } else if (result instanceof CommandResult.Stamped s) {
      json.value("command", "stamp")
          .strings("from", s.result().from())
          .strings("to", s.result().to());
    } else if (result instanceof CommandResult.Checked c) {
      json.value("command", "check").value("ok", c.exitCode() == ExitCode.OK);
      if (c.mismatch() == null) {
        json.strings("verified", c.result().verified())
            .strings("unrecorded", c.result().unrecorded())
            .value("drift", c.drift().hasDrift())
            .strings("differences", c.drift().differences());
      }
      if (c.pending() != null) {
        json.value("target", c.target())
            .value("pending", c.pending().hasPendingChanges())
            .strings("pendingChanges", c.pending().differences());
      }
      if (c.mismatch() != null) {
        json.beginObject("mismatch")
            .value("id", c.mismatch().revisionId())
            .value("recorded", c.mismatch().recorded())
            .value("current", c.mismatch().current())
            .value("message", c.mismatch().getMessage())
            .endObject();
      }
    } else if (result instanceof CommandResult.VersionTableEnsured v) {
      json.value("command", "ensure-version")
          .value("versionTable", v.versionTable())
          .value("historyTable", v.historyTable());
    } else if (result instanceof CommandResult.SourceWritten w) {
      json.value("command", w.downs().size() > 1 ? "merge" : "revision")
          .value("file", w.file().toString())
          .value("id", w.id())
          .strings("downs", w.downs())
          .value("className", w.className())
          .value("message", w.message());
    }
    return json.endObject().toString();
  }

  private static Json revision(Json json, RevisionInfo info) {
    return json.value("id", info.id())
        .strings("downs", info.downs())
        .value("message", info.message())
        .value("className", info.className())
        .value("reversible", info.reversible())
        .value("transactional", info.transactional())
        .value("checksum", info.checksum());
  }
}
