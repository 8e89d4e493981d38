package dev.retort.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What the compiler knew about one revision, as recorded in the generated {@link RevisionRegistry}.
 * Reading it loads no revision class.
 *
 * @param id the revision's id, as in {@code @Revision(id = ...)}
 * @param downs the ids this revision follows; empty for a base, two or more for a merge
 * @param message the revision's message, possibly empty
 * @param className the binary name of the revision class, for messages; never loaded from here
 * @param reversible whether the class overrides {@link Migration#downgrade}
 * @param transactional whether the revision runs inside a transaction with its version-row change;
 *     {@code @Revision(transactional = false)} turns it off
 * @param checksum the SHA-256 of the revision class's normalised source, as 64 lowercase hex
 *     digits, or null when the compiler could not read the source
 */
public record RevisionInfo(
    String id,
    List<String> downs,
    String message,
    String className,
    boolean reversible,
    boolean transactional,
    String checksum) {

  public RevisionInfo {
    Objects.requireNonNull(id, "id == null");
    downs = List.copyOf(downs);
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(className, "className == null");
  }

  /** True for a revision with no down revisions. */
  public boolean isBase() {
    return downs.isEmpty();
  }

  /** True for a revision with two or more down revisions. */
  public boolean isMerge() {
    return downs.size() > 1;
  }

  /** The class's simple name, for short messages: {@code AddPhone} for {@code com.x.AddPhone}. */
  public String simpleName() {
    String name = className.substring(className.lastIndexOf('.') + 1);
    return name.substring(name.lastIndexOf('$') + 1);
  }
}
