package dev.retort.processor.validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The rules for a revision id, as documented on {@code Revision.id()}. */
final class Ids {
  static final int MAX_LENGTH = 32;

  /** Targets of upgrade() and downgrade(); an id spelled like one would be ambiguous there. */
  static final List<String> RESERVED = List.of("head", "heads", "base");

  private Ids() {}

  static boolean isValid(String id) {
    return !id.isEmpty()
        && id.length() <= MAX_LENGTH
        && invalidCharacters(id).isEmpty()
        && !isReserved(id);
  }

  static boolean isReserved(String id) {
    return RESERVED.contains(id.toLowerCase(Locale.ROOT));
  }

  static boolean isIdCharacter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }

  /** The characters of {@code id} outside [A-Za-z0-9_], each once, in order of appearance. */
  static List<Character> invalidCharacters(String id) {
    Set<Character> invalid = new LinkedHashSet<>();
    for (char c : id.toCharArray()) {
      if (!isIdCharacter(c)) {
        invalid.add(c);
      }
    }
    return List.copyOf(invalid);
  }

  /**
   * A valid id close to {@code id}: each run of other characters becomes one underscore (none at
   * the ends), cut to {@link #MAX_LENGTH}. Empty when nothing valid is left.
   */
  static Optional<String> suggestion(String id) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (char c : id.toCharArray()) {
      if (isIdCharacter(c)) {
        word.append(c);
      } else if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    String cleaned = String.join("_", words);
    if (cleaned.length() > MAX_LENGTH) {
      cleaned = cleaned.substring(0, MAX_LENGTH);
    }
    return isValid(cleaned) ? Optional.of(cleaned) : Optional.empty();
  }
}
