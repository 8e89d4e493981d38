package dev.retort.runtime.internal;

import static dev.retort.runtime.testing.TestDatabase.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Migration;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.testing.TestDatabase;
import dev.retort.runtime.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The revisions after a plan's first are made on Retort's own thread while earlier ones run, and
 * what making one throws is thrown where it would have been without that thread.
 */
class RevisionPrefetchTest {
  @TempDir Path tempDir;

  /** A registry that notes the thread each revision is made on, and fails to make one. */
  private static final class Noting implements RevisionRegistry {
    final TestRegistry inner;
    final int failing;
    final Error failure = new ExceptionInInitializerError("static init of the third revision");
    final Map<Integer, String> threads = new ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    // The first revision, made on the migration's thread, waits until the second is being made
    // ahead, so that the test does not depend on how the two threads are scheduled.
    final java.util.concurrent.CountDownLatch secondMade = new java.util.concurrent.CountDownLatch(1);

    Noting(TestRegistry inner, int failing) {
      this.inner = inner;
      this.failing = failing;
    }

    @Override
    public List<RevisionInfo> revisions() {
      return inner.revisions();
    }

    @Override
    public List<String> heads() {
      return inner.heads();
    }

    @Override
    public Migration create(int index) {
      calls.incrementAndGet();
      threads.put(index, Thread.currentThread().getName());
      if (index == 1) {
        secondMade.countDown();
      } else if (index == 0) {
        try {
          secondMade.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (index == failing) {
        throw failure;
      }
      return inner.create(index);
    }
  }

  private static TestRegistry fiveTables() {
    return TestRegistry.builder()
        .table("aa11")
        .table("bb22", "aa11")
        .table("cc33", "bb22")
        .table("dd44", "cc33")
        .table("ee55", "dd44")
        .build();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void laterRevisions_areMadeAhead_andRunInOrder(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    Noting registry = new Noting(fiveTables(), -1);
    Retort.configure().dataSource(dataSource).registry(registry).load().upgrade("head");

    assertEquals(
        List.of("aa11", "bb22", "cc33", "dd44", "ee55"),
        query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
    assertEquals(5, registry.calls.get(), "each revision made once");
    assertEquals(Thread.currentThread().getName(), registry.threads.get(0));
    assertEquals("retort-prefetch", registry.threads.get(1));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void aRevisionThatCannotBeMade_failsInItsTurn_withWhatMakingItThrew(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    db.createAppliedLog(dataSource);
    Noting registry = new Noting(fiveTables(), 2);
    Retort retort = Retort.configure().dataSource(dataSource).registry(registry).load();

    Error thrown = assertThrows(Error.class, () -> retort.upgrade("head"));

    assertSame(registry.failure, thrown);
    assertEquals(
        List.of("aa11", "bb22"), query(dataSource, "SELECT revision FROM applied_log ORDER BY seq"));
    assertEquals(
        List.of("bb22"), query(dataSource, "SELECT version_num FROM retort_version"));
    assertTrue(
        registry.threads.keySet().stream().allMatch(i -> i <= 4), registry.threads.toString());
  }
}
