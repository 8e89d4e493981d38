package dev.retort.commands;

import dev.retort.runtime.ChecksumMismatchException;
import dev.retort.runtime.DriftReport;
import dev.retort.runtime.HistoryRow;
import dev.retort.runtime.CurrentRevisions;
import dev.retort.runtime.MigrationResult;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.SchemaComparison;
import dev.retort.runtime.SqlScript;
import dev.retort.runtime.StampResult;
import dev.retort.runtime.ValidationResult;
import java.nio.file.Path;
import java.util.List;

/**
 * What a command found or did: a value that {@link Renderer} turns into text or JSON, and that
 * carries the command's {@link ExitCode}. Every front end prints these and nothing else.
 */
public sealed interface CommandResult {

  /** The process exit code for this result; see {@link ExitCode}. */
  default int exitCode() {
    return ExitCode.OK;
  }

  /** {@code upgrade} or {@code downgrade}: the runtime's result, read back from the database. */
  record Migrated(MigrationResult result) implements CommandResult {}

  /**
   * {@code current}.
   *
   * @param current the version rows and this build's heads
   * @param revisions this build's record of each version row, in the same order; null for a row
   *     that names a revision this build does not declare
   * @param database the database, its URL masked
   * @param versionTable the version table read
   * @param verbose whether to show each revision's details
   * @param checkHeads whether not being at head is a failure ({@link ExitCode#NOT_AT_HEAD})
   */
  record Current(
      CurrentRevisions current,
      List<RevisionInfo> revisions,
      String database,
      String versionTable,
      boolean verbose,
      boolean checkHeads)
      implements CommandResult {
    public Current {
      revisions = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(revisions));
    }

    @Override
    public int exitCode() {
      return checkHeads && !current.isAtHead() ? ExitCode.NOT_AT_HEAD : ExitCode.OK;
    }
  }

  /**
   * {@code history}: revisions newest first.
   *
   * @param lines one per revision in range
   * @param verbose whether to show each revision's details and run log
   * @param indicateCurrent whether the database was read, so that {@code (current)} is meaningful
   */
  record History(List<HistoryLine> lines, boolean verbose, boolean indicateCurrent)
      implements CommandResult {
    public History {
      lines = List.copyOf(lines);
    }
  }

  /**
   * One revision in {@link History}.
   *
   * @param revision what the compiler recorded
   * @param children the revisions that name it as down, sorted
   * @param isHead whether no revision follows it
   * @param isCurrent whether the version table names it
   * @param isApplied whether the database has it applied
   * @param runs the history table's rows for this revision, oldest first; read only for {@code
   *     history -v}, empty otherwise
   */
  record HistoryLine(
      RevisionInfo revision,
      List<String> children,
      boolean isHead,
      boolean isCurrent,
      boolean isApplied,
      List<HistoryRow> runs) {
    public HistoryLine {
      children = List.copyOf(children);
      runs = List.copyOf(runs);
    }
  }

  /** {@code heads}: this build's heads, sorted. */
  record Heads(List<RevisionInfo> heads, boolean verbose) implements CommandResult {
    public Heads {
      heads = List.copyOf(heads);
    }
  }

  /** {@code branches}: each revision that two or more revisions follow, newest first. */
  record Branches(List<BranchPoint> points) implements CommandResult {
    public Branches {
      points = List.copyOf(points);
    }
  }

  /** A revision with two or more children. */
  record BranchPoint(RevisionInfo revision, List<RevisionInfo> children) {
    public BranchPoint {
      children = List.copyOf(children);
    }
  }

  /** {@code show}: one revision in full. */
  record Show(RevisionInfo revision, List<String> children, boolean isHead)
      implements CommandResult {
    public Show {
      children = List.copyOf(children);
    }
  }

  /**
   * {@code upgrade --sql} or {@code downgrade --sql}: the offline script; nothing ran.
   *
   * @param script the script
   * @param file where it was written, or null when it is the output itself
   */
  record Script(SqlScript script, Path file) implements CommandResult {}

  /** {@code stamp}: the rows before and after; no revision ran. */
  record Stamped(StampResult result) implements CommandResult {}

  /**
   * {@code check}: the checksums of the applied revisions, then schema drift, then, with a target,
   * pending changes.
   *
   * @param result what matched, or null when {@code mismatch} is set
   * @param mismatch the first applied revision whose checksum changed, or null
   * @param drift the live schema against the replayed revisions, or null when {@code mismatch} is
   *     set
   * @param target the target schema for people, credentials masked, or null when none was given
   * @param pending the revisions at head against the target, or null when none was given
   */
  record Checked(
      ValidationResult result,
      ChecksumMismatchException mismatch,
      DriftReport drift,
      String target,
      SchemaComparison pending)
      implements CommandResult {

    /** The result of a check without a target. */
    public Checked(ValidationResult result, ChecksumMismatchException mismatch, DriftReport drift) {
      this(result, mismatch, drift, null, null);
    }

    @Override
    public int exitCode() {
      boolean differs =
          mismatch != null
              || drift.hasDrift()
              || (pending != null && pending.hasPendingChanges());
      return differs ? ExitCode.NOT_AT_HEAD : ExitCode.OK;
    }
  }

  /** {@code ensure-version}: both bookkeeping tables exist. */
  record VersionTableEnsured(String versionTable, String historyTable) implements CommandResult {}

  /**
   * {@code revision} or {@code merge}: a new revision source file.
   *
   * @param file the file written
   * @param id the new revision's id
   * @param downs its down revisions
   * @param className its qualified class name
   * @param message its message
   */
  record SourceWritten(Path file, String id, List<String> downs, String className, String message)
      implements CommandResult {
    public SourceWritten {
      downs = List.copyOf(downs);
    }
  }

  /**
   * {@code revision --autogenerate} wrote a revision.
   *
   * @param written the file and the revision's id, downs, class and message
   * @param target the target for people, credentials masked
   * @param differences what the revision changes, in the schema diff's words
   */
  record Autogenerated(SourceWritten written, String target, List<String> differences)
      implements CommandResult {
    public Autogenerated {
      differences = List.copyOf(differences);
    }
  }

  /**
   * {@code revision --autogenerate} found the target equal to what the revisions build, and wrote
   * nothing.
   *
   * @param target the target for people, credentials masked
   * @param head the head (or heads) the revisions were replayed to
   */
  record NothingToGenerate(String target, String head) implements CommandResult {}
}
