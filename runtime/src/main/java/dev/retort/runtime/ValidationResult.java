package dev.retort.runtime;

import java.util.List;

/**
 * What {@link Retort#validate()} checked: every applied revision with a recorded checksum matched
 * this build's.
 *
 * @param verified the applied revisions whose checksums matched, oldest first
 * @param unrecorded the applied revisions with no checksum to compare (applied before the history
 *     table existed, stamped, or compiled without source), oldest first
 */
public record ValidationResult(List<String> verified, List<String> unrecorded) {
  public ValidationResult {
    verified = List.copyOf(verified);
    unrecorded = List.copyOf(unrecorded);
  }
}
