package dev.retort.runtime.testing;

import dev.retort.runtime.Database;
import dev.retort.runtime.Migration;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.ops.Operations;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry built in code, for runtime tests that need many different graphs. Revisions must be
 * added parents first, as the processor orders them. It counts what the runtime asks of it, so
 * tests can prove that the at-head path touches no revision.
 */
public final class TestRegistry implements RevisionRegistry {
  private final List<RevisionInfo> revisions;
  private final List<Migration> migrations;
  private final List<String> heads;
  public final AtomicInteger revisionsCalls = new AtomicInteger();
  public final AtomicInteger createCalls = new AtomicInteger();

  private TestRegistry(List<RevisionInfo> revisions, List<Migration> migrations) {
    this.revisions = List.copyOf(revisions);
    this.migrations = List.copyOf(migrations);
    Set<String> heads = new TreeSet<>();
    revisions.forEach(r -> heads.add(r.id()));
    revisions.forEach(r -> r.downs().forEach(heads::remove));
    this.heads = List.copyOf(heads);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public List<RevisionInfo> revisions() {
    revisionsCalls.incrementAndGet();
    return revisions;
  }

  @Override
  public List<String> heads() {
    return heads;
  }

  /** As the processor computes it: SHA-256 over each id and checksum, in order. */
  @Override
  public String digest() {
    try {
      java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
      for (RevisionInfo revision : revisions) {
        sha256.update(revision.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha256.update((byte) 0);
        String checksum = revision.checksum() == null ? "" : revision.checksum();
        sha256.update(checksum.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
      }
      return java.util.HexFormat.of().formatHex(sha256.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Migration create(int index) {
    createCalls.incrementAndGet();
    return migrations.get(index);
  }

  /** A migration that runs SQL statements. */
  public record Sql(List<String> up, List<String> down) implements Migration {
    @Override
    public void upgrade(Operations op) {
      up.forEach(op::execute);
    }

    @Override
    public void downgrade(Operations op) {
      down.forEach(op::execute);
    }
  }

  /** A migration written as two lambdas over the typed operations. */
  public record Ops(
      java.util.function.Consumer<Operations> up, java.util.function.Consumer<Operations> down)
      implements Migration {
    @Override
    public void upgrade(Operations op) {
      up.accept(op);
    }

    @Override
    public void downgrade(Operations op) {
      down.accept(op);
    }
  }

  public static final class Builder {
    private final List<RevisionInfo> revisions = new ArrayList<>();
    private final List<Migration> migrations = new ArrayList<>();

    /**
     * A revision that creates table {@code t_<id>} and logs its upgrade into {@code applied_log},
     * so tests can see order and exactly-once; its downgrade drops the table.
     */
    public Builder table(String id, String... downs) {
      return revision(
          id,
          List.of(downs),
          new Sql(
              List.of(
                  "CREATE TABLE t_" + id + " (id INTEGER PRIMARY KEY)",
                  "INSERT INTO applied_log (revision) VALUES ('" + id + "')"),
              List.of(
                  "DROP TABLE t_" + id,
                  "INSERT INTO applied_log (revision) VALUES ('-" + id + "')")),
          true);
    }

    /** A revision running {@code migration}. */
    public Builder revision(
        String id, List<String> downs, Migration migration, boolean reversible) {
      return revision(id, downs, migration, reversible, true, "checksum-of-" + id);
    }

    /** A revision running {@code migration}, with every recorded fact chosen by the test. */
    public Builder revision(
        String id,
        List<String> downs,
        Migration migration,
        boolean reversible,
        boolean transactional,
        String checksum) {
      return revision(id, downs, migration, reversible, transactional, checksum, Set.of());
    }

    /** A revision running {@code migration} on {@code dialects} only (empty: every database). */
    public Builder revision(
        String id,
        List<String> downs,
        Migration migration,
        boolean reversible,
        boolean transactional,
        String checksum,
        Set<Database> dialects) {
      revisions.add(
          new RevisionInfo(
              id,
              downs,
              "revision " + id,
              "test.Revision_" + id,
              reversible,
              transactional,
              checksum,
              dialects));
      migrations.add(migration);
      return this;
    }

    /**
     * Gives the revision added last its own timeouts, as {@code @Revision(lockTimeout = ...,
     * statementTimeout = ...)} does; null for the configured default.
     */
    public Builder timeouts(java.time.Duration lock, java.time.Duration statement) {
      int last = revisions.size() - 1;
      revisions.set(last, revisions.get(last).withTimeouts(lock, statement));
      return this;
    }

    public TestRegistry build() {
      return new TestRegistry(revisions, migrations);
    }
  }
}
