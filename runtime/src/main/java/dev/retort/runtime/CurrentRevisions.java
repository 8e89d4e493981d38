package dev.retort.runtime;

import java.util.List;

/**
 * What the version table holds now, like {@code alembic current}.
 *
 * @param revisions the ids in the version table, sorted; empty for a database never migrated
 * @param heads the heads of this build, sorted
 */
public record CurrentRevisions(List<String> revisions, List<String> heads) {

  public CurrentRevisions {
    revisions = List.copyOf(revisions);
    heads = List.copyOf(heads);
  }

  /** True when the database is at this build's head. */
  public boolean isAtHead() {
    return revisions.equals(heads);
  }
}
