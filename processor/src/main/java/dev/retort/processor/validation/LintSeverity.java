package dev.retort.processor.validation;

import java.util.Locale;
import java.util.Optional;

/** How a lock-safety rule reports: as a compile error, a warning, or not at all. */
public enum LintSeverity {
  ERROR,
  WARNING,
  OFF;

  /** The name as an option value: {@code error}, {@code warning}, {@code off}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The severity written exactly as {@code name}, in lowercase; empty for any other text. */
  public static Optional<LintSeverity> named(String name) {
    for (LintSeverity severity : values()) {
      if (severity.optionName().equals(name)) {
        return Optional.of(severity);
      }
    }
    return Optional.empty();
  }
}
