package dev.retort.runtime;

/**
 * The base of every exception Retort throws. Messages state what is wrong, name the revision,
 * setting or statement at fault, and say how to recover.
 */
public class RetortException extends RuntimeException {
  public RetortException(String message) {
    super(message);
  }

  public RetortException(String message, Throwable cause) {
    super(message, cause);
  }
}
