package dev.retort.runtime.ops;

import java.util.List;
import java.util.Objects;

/** Checks for the names that specs hold; quoting happens in the dialects. */
final class Names {
  private Names() {}

  static String require(String name, String what) {
    Objects.requireNonNull(name, what + " == null");
    if (name.isEmpty() || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a " + what + ": \"" + name + "\"");
    }
    return name;
  }

  static List<String> requireAll(List<String> names, String what) {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("no " + what + "s");
    }
    names.forEach(name -> require(name, what));
    return List.copyOf(names);
  }
}
