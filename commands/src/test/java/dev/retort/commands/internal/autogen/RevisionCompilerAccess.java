package dev.retort.commands.internal.autogen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.runtime.RevisionRegistry;
import java.nio.file.Path;
import java.util.List;

/** {@link RevisionCompiler} for tests in other packages: compiles, asserts a clean compile. */
public final class RevisionCompilerAccess {
  private RevisionCompilerAccess() {}

  /** The registry of the revisions under {@code src}; fails on any error or warning. */
  public static RevisionRegistry compile(Path src, Path work, String packageName)
      throws java.io.IOException {
    RevisionCompiler.Compiled compiled = RevisionCompiler.compile(src, work, packageName);
    assertEquals(List.of(), compiled.errors());
    assertEquals(List.of(), compiled.warnings());
    return compiled.registry();
  }
}
