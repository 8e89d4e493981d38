package dev.retort.runtime.internal;

import dev.retort.runtime.InvalidTargetException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed target, as Alembic spells them: {@code head}, {@code base}, a full id or unique prefix,
 * {@code +N}, {@code -N}, {@code <id>+N} and {@code <id>-N}.
 */
sealed interface Target {
  Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,32}");
  Pattern RELATIVE = Pattern.compile("([A-Za-z0-9_]{0,32})([+-])([0-9]{1,9})");

  /** Every revision: {@code head} or {@code heads}. */
  record Head() implements Target {}

  /** No revision: {@code base}. */
  record Base() implements Target {}

  /** A revision by full id or unique prefix. */
  record Revision(String idOrPrefix) implements Target {}

  /**
   * {@code steps} revisions up (positive) or down (negative), from {@code anchor} when it is not
   * null, else from the database's current state.
   */
  record Relative(String anchor, int steps) implements Target {}

  static Target parse(String text) {
    if (text == null) {
      throw new InvalidTargetException("target == null");
    }
    String target = text.strip();
    switch (target) {
      case "head", "heads" -> {
        return new Head();
      }
      case "base" -> {
        return new Base();
      }
      default -> {}
    }
    Matcher relative = RELATIVE.matcher(target);
    if (relative.matches()) {
      int steps = Integer.parseInt(relative.group(3));
      if (steps == 0) {
        throw new InvalidTargetException(
            "target \"" + text + "\" moves zero revisions; use a count of 1 or more");
      }
      String anchor = relative.group(1).isEmpty() ? null : relative.group(1);
      return new Relative(anchor, relative.group(2).equals("+") ? steps : -steps);
    }
    if (ID.matcher(target).matches()) {
      return new Revision(target);
    }
    throw new InvalidTargetException(
        "not a target: \""
            + text
            + "\"; use head, base, a revision id or a unique prefix of one, +N, -N, <id>+N or"
            + " <id>-N");
  }
}
