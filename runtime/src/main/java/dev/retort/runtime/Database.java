package dev.retort.runtime;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A database Retort supports, as {@code @Revision(dialects = ...)} names it and as {@link
 * dev.retort.runtime.ops.Operations#dialect()} reports the connected one, so that one revision can
 * branch per database:
 *
 * <pre>{@code
 * switch (op.dialect()) {
 *   case POSTGRESQL -> op.execute("CREATE INDEX ix_doc_body ON doc USING gin (body)");
 *   case SQLITE -> op.execute("CREATE INDEX ix_doc_body ON doc (body)");
 * }
 * }</pre>
 */
public enum Database {
  POSTGRESQL,
  SQLITE;

  /** The name {@code @Revision(dialects = ...)} uses: {@code postgresql} or {@code sqlite}. */
  public String annotationName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The databases named by {@code names}, each as {@code @Revision(dialects = ...)} writes it;
   * unmodifiable, in declaration order.
   *
   * @throws IllegalArgumentException for a name that is not {@code postgresql} or {@code sqlite}
   */
  public static Set<Database> named(String... names) {
    EnumSet<Database> databases = EnumSet.noneOf(Database.class);
    for (String name : names) {
      databases.add(named(name));
    }
    return Collections.unmodifiableSet(databases);
  }

  private static Database named(String name) {
    for (Database database : values()) {
      if (database.annotationName().equals(name)) {
        return database;
      }
    }
    throw new IllegalArgumentException("not a dialect: \"" + name + "\"");
  }
}
