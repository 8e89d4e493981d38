package dev.retort.processor.validation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the ids a mistyped id was probably meant to be. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The id {@code wrong} most likely meant, if one stands out: the only id equal to it ignoring
   * case, else the only id it is a prefix of (a shortened id pasted), else the only id at the
   * smallest edit distance, when that distance is at most a third of its length (at least 1).
   */
  static Optional<String> didYouMean(String wrong, Collection<String> known) {
    Optional<String> match = only(known.stream().filter(id -> id.equalsIgnoreCase(wrong)).toList());
    if (match.isPresent() || wrong.isEmpty()) {
      return match;
    }
    match = only(known.stream().filter(id -> id.startsWith(wrong)).toList());
    if (match.isPresent()) {
      return match;
    }
    int best = Integer.MAX_VALUE;
    String bestId = null;
    boolean tied = false;
    for (String id : known) {
      int distance = distance(wrong, id);
      if (distance < best) {
        best = distance;
        bestId = id;
        tied = false;
      } else if (distance == best) {
        tied = true;
      }
    }
    boolean closeEnough = best <= Math.max(1, wrong.length() / 3);
    return bestId != null && !tied && closeEnough ? Optional.of(bestId) : Optional.empty();
  }

  /** The {@code limit} ids closest to {@code wrong} by edit distance, ties by id, sorted by id. */
  static List<String> closest(String wrong, Collection<String> known, int limit) {
    String lower = wrong.toLowerCase(Locale.ROOT);
    return known.stream()
        .sorted(
            Comparator.comparingInt((String id) -> distance(lower, id.toLowerCase(Locale.ROOT)))
                .thenComparing(Comparator.naturalOrder()))
        .limit(limit)
        .sorted()
        .toList();
  }

  /** The Levenshtein distance: single-character insertions, deletions and substitutions. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Optional<String> only(List<String> ids) {
    return ids.size() == 1 ? Optional.of(ids.get(0)) : Optional.empty();
  }
}
