package dev.retort.runtime;

/**
 * An applied revision's source changed after it ran: the checksum recorded in the history table
 * when it was applied differs from this build's. Nothing was changed.
 */
public final class ChecksumMismatchException extends RetortException {
  private final String revisionId;
  private final String recorded;
  private final String current;

  public ChecksumMismatchException(
      String message, String revisionId, String recorded, String current) {
    super(message);
    this.revisionId = revisionId;
    this.recorded = recorded;
    this.current = current;
  }

  /** The revision whose checksum differs. */
  public String revisionId() {
    return revisionId;
  }

  /** The checksum the history table recorded when the revision was applied or last accepted. */
  public String recorded() {
    return recorded;
  }

  /** This build's checksum of the revision. */
  public String current() {
    return current;
  }
}
