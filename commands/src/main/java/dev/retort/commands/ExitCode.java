package dev.retort.commands;

/**
 * The exit codes of every Retort front end, in one place. They are API: scripts and CI jobs branch
 * on them, so a code never changes meaning.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>the command succeeded</td></tr>
 *   <tr><td>1</td><td>the command failed: a database error, a failing revision, an unknown or
 *       ambiguous target, a version table naming a revision this build lacks</td></tr>
 *   <tr><td>2</td><td>usage error: an unknown option, a missing argument or setting, an unreadable
 *       properties file</td></tr>
 *   <tr><td>3</td><td>the command ran and found the database out of line: {@code current
 *       --check-heads} not at head, or {@code check} found an applied revision whose checksum
 *       changed, schema drift, or pending changes against its target</td></tr>
 * </table>
 */
public final class ExitCode {
  /** The command succeeded. */
  public static final int OK = 0;

  /** The command failed: database error, failing revision, bad target. */
  public static final int FAILED = 1;

  /** The command line or a setting is wrong; nothing was run. */
  public static final int USAGE = 2;

  /** The database is not at head, or {@code check} found a difference. */
  public static final int NOT_AT_HEAD = 3;

  private ExitCode() {}

  /** The exit code for a command that threw {@code failure}. */
  public static int of(Throwable failure) {
    // Everything else, RetortException included, is a command that failed.
    return failure instanceof UsageException ? USAGE : FAILED;
  }
}
