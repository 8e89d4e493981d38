package dev.retort.runtime;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
 * @param dialects the databases the revision runs on, from {@code @Revision(dialects = ...)};
 *     empty, the default, for every database. On any other database the runtime records the
 *     revision as applied (or reverted) without running it
 * @param allowances the compile-time lock-safety rules the revision is exempt from, from {@code
 *     @Revision(allow = ...)}, each with its reason; empty for none
 */
public record RevisionInfo(
    String id,
    List<String> downs,
    String message,
    String className,
    boolean reversible,
    boolean transactional,
    String checksum,
    Set<Database> dialects,
    List<Allowance> allowances) {

  /**
   * One exemption from a compile-time lock-safety rule, as {@code @Revision.Allow} declares it.
   *
   * @param rule the rule's name, e.g. {@code NonConcurrentIndex}
   * @param table the only table it covers, or empty for the whole revision
   * @param reason why the hazard does not apply, as the author wrote it
   */
  public record Allowance(String rule, String table, String reason) {
    public Allowance {
      Objects.requireNonNull(rule, "rule == null");
      Objects.requireNonNull(table, "table == null");
      Objects.requireNonNull(reason, "reason == null");
    }

    /** {@code NonConcurrentIndex (on country): the table has 250 rows}. */
    @Override
    public String toString() {
      return rule + (table.isEmpty() ? "" : " (on " + table + ")") + ": " + reason;
    }
  }

  public RevisionInfo {
    Objects.requireNonNull(id, "id == null");
    downs = List.copyOf(downs);
    Objects.requireNonNull(message, "message == null");
    Objects.requireNonNull(className, "className == null");
    dialects =
        dialects.isEmpty()
            ? Set.of()
            : Collections.unmodifiableSet(EnumSet.copyOf(dialects)); // declaration order
    allowances = List.copyOf(allowances);
  }

  /** A revision exempt from no lock-safety rule. */
  public RevisionInfo(
      String id,
      List<String> downs,
      String message,
      String className,
      boolean reversible,
      boolean transactional,
      String checksum,
      Set<Database> dialects) {
    this(id, downs, message, className, reversible, transactional, checksum, dialects, List.of());
  }

  /** This revision exempt from the rules of {@code allowances}, as the generated registry says. */
  public RevisionInfo withAllowances(List<Allowance> allowances) {
    return new RevisionInfo(
        id, downs, message, className, reversible, transactional, checksum, dialects, allowances);
  }

  /** A revision that runs on every database. */
  public RevisionInfo(
      String id,
      List<String> downs,
      String message,
      String className,
      boolean reversible,
      boolean transactional,
      String checksum) {
    this(id, downs, message, className, reversible, transactional, checksum, Set.of());
  }

  /** True when the revision runs on {@code database}: its dialects name it, or name none. */
  public boolean runsOn(Database database) {
    return dialects.isEmpty() || dialects.contains(database);
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
