package dev.retort.commands;

import dev.retort.runtime.Direction;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.SqlScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code upgrade [start:]end --sql} and {@code downgrade start:end --sql}: the script of a
 * migration, written without running it (and without a connection when the dialect is known), for
 * a DBA to review and run.
 *
 * @param direction upgrade or downgrade
 * @param range {@code end} or {@code start:end}, as {@link Retort#upgradeScript(String)} and {@link
 *     Retort#downgradeScript(String)} take them
 * @param placeholders whether a revision that reads the database becomes a placeholder comment
 *     instead of failing the command
 */
public record ScriptCommand(Direction direction, String range, boolean placeholders) {
  public ScriptCommand {
    Objects.requireNonNull(direction, "direction == null");
    Objects.requireNonNull(range, "range == null");
  }

  /** Writes the script; the result's text is the script. */
  public CommandResult.Script run(Retort retort) {
    return new CommandResult.Script(script(retort), null);
  }

  /** Writes the script to {@code file}; the result's text says where. */
  public CommandResult.Script run(Retort retort, Path file) {
    SqlScript script = script(retort);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, script.text());
    } catch (IOException e) {
      throw new RetortException("cannot write the script to " + file + ": " + e.getMessage(), e);
    }
    return new CommandResult.Script(script, file);
  }

  private SqlScript script(Retort retort) {
    SqlScript.DatabaseReads reads =
        placeholders ? SqlScript.DatabaseReads.PLACEHOLDER : SqlScript.DatabaseReads.FAIL;
    return direction == Direction.UPGRADE
        ? retort.upgradeScript(range, reads)
        : retort.downgradeScript(range, reads);
  }
}
