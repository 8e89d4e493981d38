package dev.retort.processor.model;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code @Revision(lockTimeout = ...)} and {@code statementTimeout}: a whole number with a
 * unit ({@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}), or {@code 0} for no limit. The units
 * are those of the {@code retort.lockTimeout} setting; a unit is required except for zero, so that
 * {@code "10"} cannot mean milliseconds to one reader and seconds to another.
 */
public final class TimeoutText {
  private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  /** No timeout was written: the configured default applies. */
  public static final long UNSET = -1;

  private TimeoutText() {}

  /**
   * The timeout {@code text} names, in milliseconds; {@link #UNSET} for empty text.
   *
   * @throws IllegalArgumentException when {@code text} is not in the format, or is above the
   *     largest value PostgreSQL accepts (about 24.8 days)
   */
  public static long millis(String text) {
    if (text.isEmpty()) {
      return UNSET;
    }
    if (text.equals("0")) {
      return 0;
    }
    Matcher matcher = FORMAT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException("not a timeout: " + text);
    }
    long amount = Long.parseLong(matcher.group(1));
    long millis =
        switch (matcher.group(2)) {
          case "ms" -> amount;
          case "s" -> amount * 1_000;
          case "m" -> amount * 60_000;
          default -> amount * 3_600_000;
        };
    if (millis > Integer.MAX_VALUE) { // PostgreSQL's limit for both settings
      throw new IllegalArgumentException("timeout too large: " + text);
    }
    return millis;
  }

  /** True when {@code text} is empty or a timeout {@link #millis} accepts. */
  public static boolean isValid(String text) {
    try {
      millis(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
