package dev.retort;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class as one revision of the database schema: a node in the revision graph, with an
 * upgrade and a downgrade.
 *
 * <p>The annotated class must be a concrete, public, top-level or static nested class with a public
 * no-argument constructor that implements {@code dev.retort.runtime.Migration}. The Retort
 * annotation processor checks the whole graph when the module compiles, and generates a registry of
 * all revisions that the runtime reads without reflection or class-path scanning.
 *
 * <p>A base revision names no parent:
 *
 * <pre>{@code
 * @Revision(id = "9d2c41e07a55", message = "create resource")
 * public final class CreateResource implements Migration { ... }
 * }</pre>
 *
 * <p>A normal revision names the revision it follows:
 *
 * <pre>{@code
 * @Revision(id = "1b7e443f2a9c", down = "9d2c41e07a55", message = "add phone to resource")
 * public final class AddPhoneToResource implements Migration { ... }
 * }</pre>
 *
 * <p>A merge revision joins two or more branches back into one head:
 *
 * <pre>{@code
 * @Revision(id = "5f0a9e1c77d2", down = {"1b7e443f2a9c", "c3e8a0d41b96"}, message = "merge")
 * public final class MergeHeads implements Migration { ... }
 * }</pre>
 *
 * <p>Retention is {@link RetentionPolicy#CLASS}: the annotation is read at compile time only, so
 * the runtime never needs reflection to find revisions.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.CLASS)
public @interface Revision {

  /**
   * This revision's id: 1 to 32 characters, each an ASCII letter, digit or underscore, and not one
   * of the reserved words {@code head}, {@code heads} and {@code base}. Ids are unique within a
   * module and are what the version table stores. A random 12-digit hex string, as Alembic
   * generates, is a good choice; so is a sortable one such as {@code 2026_11_23_add_phone}.
   */
  String id();

  /**
   * The ids of the revisions this one follows. Empty for a base revision, one id for a normal
   * revision, two or more for a merge revision. Every id named here must be declared by a revision
   * in the same module.
   */
  String[] down() default {};

  /** A short description, shown by {@code history()}; like Alembic's {@code -m} message. */
  String message() default "";

  /**
   * The compile-time lock-safety rules this revision is exempt from, each with the reason, which
   * the generated registry keeps and {@code show} prints, so that every exemption can be audited.
   * Without it, a rule reports each call it finds in the revision; with it, the rule reports none
   * of them (or, with {@link Allow#table}, none on that table).
   *
   * <pre>{@code
   * @Revision(id = "7c1d", down = "3e9a", allow = @Revision.Allow(
   *     rule = "NonConcurrentIndex", reason = "country has 250 rows; the lock lasts milliseconds"))
   * }</pre>
   */
  Allow[] allow() default {};

  /** One exemption from a lock-safety rule, for {@link Revision#allow}. */
  @Documented
  @Target({})
  @Retention(RetentionPolicy.CLASS)
  @interface Allow {
    /** The rule's name, as its tag shows it without {@code Retort/}: {@code NonConcurrentIndex}. */
    String rule();

    /** Why the hazard does not apply here; required, and never blank. */
    String reason();

    /** Only the calls on this table; empty, the default, for every call in the revision. */
    String table() default "";
  }

  /**
   * Whether the revision runs inside a transaction, together with its version-row change; the
   * default, and what makes a failed revision leave nothing behind.
   *
   * <p>Set {@code transactional = false} only for statements that a database refuses inside a
   * transaction: PostgreSQL's {@code CREATE INDEX CONCURRENTLY} and {@code VACUUM}, or SQLite's
   * {@code VACUUM}. Such a revision runs in auto-commit mode under the migration lock, and its
   * version and history rows are written after it succeeds. If it fails halfway, the statements
   * that ran stay applied and the version table does not name the revision: make each statement
   * safe to run again ({@code IF NOT EXISTS}), and keep such a revision to one statement where you
   * can. The compiler rejects a transactional revision whose {@code op.execute("...")} literal is
   * one of these statements.
   */
  boolean transactional() default true;

  /**
   * The databases this revision runs on, from {@code "postgresql"} and {@code "sqlite"}
   * (lowercase). Empty, the default, means every database.
   *
   * <p>The generated registry carries this list. On a database it does not name, the runtime
   * records the revision as applied without running it (and as reverted, on the way down): the
   * version row moves as usual, an INFO line says so, and the history row's action is {@code
   * skip-up} or {@code skip-down}. A PostgreSQL-only revision therefore never runs on SQLite, and
   * the graph stays one graph on both. To do one change in each database's own way, leave this out
   * and branch on {@code op.dialect()} instead.
   *
   * <p>At compile time, the processor rejects an operation that SQLite cannot run outside a batch,
   * such as {@code op.alterColumn(...)} changing a type, only in revisions that may run on SQLite;
   * for a revision that names no dialects, the processor option {@code -Aretort.dialects} (both
   * unless set) says which databases to check it for. A revision that is PostgreSQL's alone says
   * so:
   *
   * <pre>{@code
   * @Revision(id = "3c41b09e7d12", down = "1b7e443f2a9c", dialects = "postgresql")
   * public final class WidenPhone implements Migration { ... }
   * }</pre>
   */
  String[] dialects() default {};
}
