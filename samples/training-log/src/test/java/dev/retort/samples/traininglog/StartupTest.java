package dev.retort.samples.traininglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.testing.JdbcSpy;
import dev.retort.runtime.testing.TestDatabase;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The start-up promise with the real generated registry: at head, one query and no revision class
 * loaded, whatever the history's length.
 */
class StartupTest {
  @TempDir Path tempDir;

  /** Loads the sample's own classes itself, so it can tell which of them were ever loaded. */
  private static final class SampleLoader extends URLClassLoader {
    SampleLoader() throws Exception {
      super(
          new URL[] {TrainingLog.class.getProtectionDomain().getCodeSource().getLocation()},
          StartupTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith("dev.retort.samples.")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }

    boolean wasLoaded(String name) {
      return findLoadedClass(name) != null;
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeAtHead_oneQuery_noRevisionClassLoaded(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir);
    Retort.configure().dataSource(dataSource).load().upgrade("head");
    SampleLoader loader = new SampleLoader();
    JdbcSpy spy = JdbcSpy.on(dataSource);

    Retort retort = Retort.configure().dataSource(spy.dataSource()).classLoader(loader).load();
    RevisionRegistry registry = retort.config().registry();
    assertEquals(
        loader, registry.getClass().getClassLoader(), "registry not found by ServiceLoader");
    assertTrue(retort.upgrade("head").isNoOp());

    assertEquals(
        List.of("SELECT version_num, retort_digest FROM \"retort_version\""), spy.statements());
    for (RevisionInfo revision : registry.revisions()) {
      assertNull(
          loader.wasLoaded(revision.className()) ? revision.className() : null,
          "revision class loaded at head");
    }
    // The loader does see them once a revision runs: the check above is not vacuous.
    retort.downgrade("-1");
    assertNotNull(
        loader.wasLoaded("dev.retort.samples.traininglog.db.LinkWorkoutsToGear") ? "" : null);
  }
}
