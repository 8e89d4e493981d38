package dev.retort.commands;

/**
 * A command was asked for something its input cannot give: a missing setting, a bad option value,
 * an unreadable properties file. Front ends exit with {@link ExitCode#USAGE}. The message names the
 * option or setting and how to give it.
 */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
