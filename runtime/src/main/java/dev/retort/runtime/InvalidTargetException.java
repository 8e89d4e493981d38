package dev.retort.runtime;

/**
 * A target given to {@code upgrade}, {@code downgrade} or {@code stamp} names no revision, names
 * several, or asks for more steps than there are. Nothing was changed.
 */
public final class InvalidTargetException extends RetortException {
  public InvalidTargetException(String message) {
    super(message);
  }
}
