package dev.retort.runtime;

/**
 * Another process held the migration lock for longer than the configured lock timeout. Nothing was
 * changed by this process.
 */
public final class LockTimeoutException extends RetortException {
  public LockTimeoutException(String message) {
    super(message);
  }

  public LockTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
