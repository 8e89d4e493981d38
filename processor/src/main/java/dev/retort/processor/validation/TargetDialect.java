package dev.retort.processor.validation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A database a revision may run on, as {@code -Aretort.dialects} and {@code @Revision(dialects =
 * ...)} name it: {@code postgresql} or {@code sqlite}, in lowercase.
 */
public enum TargetDialect {
  POSTGRESQL,
  SQLITE;

  /** The name as written in the option and the annotation: {@code postgresql}, {@code sqlite}. */
  public String optionName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The dialect written exactly as {@code name}; empty for any other text, case included. */
  public static Optional<TargetDialect> named(String name) {
    return Arrays.stream(values()).filter(d -> d.optionName().equals(name)).findFirst();
  }

  /** The dialect {@code name} means when case and surrounding spaces are ignored, for a hint. */
  static Optional<TargetDialect> resembling(String name) {
    return named(name.strip().toLowerCase(Locale.ROOT));
  }
}
