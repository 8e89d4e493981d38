package dev.retort.processor.model;

import com.sun.source.util.Trees;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's tree API for a processing environment, where there is one. It exists only under javac
 * itself: another compiler (ecj), or javac behind a wrapper that does not unwrap (Gradle's
 * incremental processing, IntelliJ's build), has none, and every feature that reads source text
 * then degrades instead of failing.
 */
public final class SourceTrees {
  private SourceTrees() {}

  /** The {@link Trees} of {@code env}, or empty when {@code env} is not javac's own. */
  public static Optional<Trees> of(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (RuntimeException | LinkageError e) {
      // IllegalArgumentException for a foreign environment; NoClassDefFoundError without
      // jdk.compiler.
      return Optional.empty();
    }
  }
}
