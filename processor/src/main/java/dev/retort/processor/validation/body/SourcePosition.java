package dev.retort.processor.validation.body;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import java.util.Objects;
import javax.tools.Diagnostic;

/**
 * A tree in a source file, where a message can be printed so that javac's caret points into a
 * method body, which no {@code Element} can.
 *
 * @param trees javac's tree API, which prints the message
 * @param unit the file
 * @param tree the tree in {@code unit}
 */
public record SourcePosition(Trees trees, CompilationUnitTree unit, Tree tree) {
  public SourcePosition {
    Objects.requireNonNull(trees, "trees == null");
    Objects.requireNonNull(unit, "unit == null");
    Objects.requireNonNull(tree, "tree == null");
  }

  /** Prints {@code message} of {@code kind} at the tree. */
  public void print(Diagnostic.Kind kind, String message) {
    trees.printMessage(kind, message, tree, unit);
  }

  /** The 1-based line the tree starts on, for tests and debugging. */
  public long line() {
    return unit.getLineMap().getLineNumber(trees.getSourcePositions().getStartPosition(unit, tree));
  }
}
