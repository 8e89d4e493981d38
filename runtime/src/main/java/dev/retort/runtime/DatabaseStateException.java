package dev.retort.runtime;

/**
 * The version table holds something this build cannot work from: an id no revision declares, or
 * rows that are not heads of one another. Nothing was changed; the message says how to recover
 * (usually with {@link Retort#stamp(String)}).
 */
public final class DatabaseStateException extends RetortException {
  public DatabaseStateException(String message) {
    super(message);
  }

  public DatabaseStateException(String message, Throwable cause) {
    super(message, cause);
  }
}
