package dev.retort.runtime.internal;

import dev.retort.runtime.ChecksumMismatchException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.ValidationResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Compares the checksums recorded for applied revisions with this build's. */
final class Checksums {
  private Checksums() {}

  /**
   * @throws ChecksumMismatchException for the oldest applied revision whose recorded checksum
   *     differs from this build's
   */
  static ValidationResult verify(
      RevisionGraph graph, AppliedState state, Map<String, String> recorded, String historyTable) {
    List<String> verified = new ArrayList<>();
    List<String> unrecorded = new ArrayList<>();
    for (int i = 0; i < graph.size(); i++) {
      if (!state.isApplied(i)) {
        continue;
      }
      RevisionInfo info = graph.info(i);
      String then = recorded.get(info.id());
      if (then == null || info.checksum() == null) {
        unrecorded.add(info.id());
      } else if (then.equals(info.checksum())) {
        verified.add(info.id());
      } else {
        throw new ChecksumMismatchException(
            Messages.checksumMismatch(graph, i, then, historyTable),
            info.id(),
            then,
            info.checksum());
      }
    }
    return new ValidationResult(verified, unrecorded);
  }
}
