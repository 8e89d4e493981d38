package dev.retort.runtime;

import java.util.List;

/**
 * What {@link Retort#stamp(String)} wrote. No revision ran.
 *
 * @param from the version rows before, sorted (they may name revisions this build does not know)
 * @param to the version rows after, sorted
 */
public record StampResult(List<String> from, List<String> to) {
  public StampResult {
    from = List.copyOf(from);
    to = List.copyOf(to);
  }
}
