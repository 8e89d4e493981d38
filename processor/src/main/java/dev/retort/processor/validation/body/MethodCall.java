package dev.retort.processor.validation.body;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One method call in a revision's {@code upgrade} or {@code downgrade} body, as written: the
 * scanner does not resolve which method it calls, only its name, its receiver and the arguments
 * whose values are compile-time constants.
 *
 * <p>For {@code op.batchAlterTable("users", batch -> batch.alterColumn("phone"))}, the scanner
 * yields two calls: {@code batchAlterTable} with receiver {@code op} ({@link #receiverIsParameter}
 * true) and constant first argument {@code "users"}, and then {@code alterColumn} with receiver
 * {@code batch}, context {@link Context#LAMBDA} and the first as its {@link #enclosingCall}.
 *
 * @param revisionMethod the method whose body holds the call: {@code upgrade} or {@code downgrade}
 * @param name the called method's simple name, e.g. {@code execute}
 * @param receiver the expression before the dot, such as {@code op}; empty for an unqualified call
 * @param receiverIsParameter whether the receiver is the revision method's parameter by name (the
 *     {@code op} of {@code upgrade(Operations op)})
 * @param arguments the argument expressions, in order
 * @param constants each argument's value when it is a compile-time constant the scanner can prove
 *     (a literal, a text block, a concatenation of those, or a constant field); one per argument
 * @param chains each argument that is a {@link BuilderChain}, such as {@code
 *     ColumnChange.of().notNull()}; one per argument
 * @param contexts the constructs around the call within the revision method that may run it zero or
 *     many times; empty when it runs once each time the method completes normally
 * @param enclosingCall the innermost call whose arguments hold this one, e.g. the {@code
 *     batchAlterTable} call around a call in its lambda
 * @param position where the call is, to report on it
 */
public record MethodCall(
    String revisionMethod,
    String name,
    Optional<ExpressionTree> receiver,
    boolean receiverIsParameter,
    List<ExpressionTree> arguments,
    List<Optional<Object>> constants,
    List<Optional<BuilderChain>> chains,
    Set<Context> contexts,
    Optional<MethodCall> enclosingCall,
    SourcePosition position) {

  /** A construct that may run the calls inside it zero or many times. */
  public enum Context {
    /** A lambda body: runs when, and as often as, whoever receives the lambda calls it. */
    LAMBDA,
    /** A loop: {@code for}, enhanced {@code for}, {@code while} or {@code do}. */
    LOOP,
    /**
     * A branch: of {@code if}, {@code switch}, {@code ?:}, {@code &&} and {@code ||}, a {@code
     * catch} block, or an {@code assert}.
     */
    CONDITIONAL,
    /** The body of a local or anonymous class. */
    LOCAL_CLASS,
  }

  public MethodCall {
    Objects.requireNonNull(revisionMethod, "revisionMethod == null");
    Objects.requireNonNull(name, "name == null");
    Objects.requireNonNull(receiver, "receiver == null");
    arguments = List.copyOf(arguments);
    constants = List.copyOf(constants);
    if (constants.size() != arguments.size()) {
      throw new IllegalArgumentException("constants.size() != arguments.size()");
    }
    chains = List.copyOf(chains);
    if (chains.size() != arguments.size()) {
      throw new IllegalArgumentException("chains.size() != arguments.size()");
    }
    contexts = Set.copyOf(contexts);
    Objects.requireNonNull(enclosingCall, "enclosingCall == null");
    Objects.requireNonNull(position, "position == null");
  }

  /** The value of argument {@code index} if it is a constant string; empty if not, or if absent. */
  public Optional<String> constantString(int index) {
    return index < constants.size()
        ? constants.get(index).filter(String.class::isInstance).map(String.class::cast)
        : Optional.empty();
  }

  /** Argument {@code index} as a builder chain; empty if it is none, or absent. */
  public Optional<BuilderChain> chain(int index) {
    return index < chains.size() ? chains.get(index) : Optional.empty();
  }

  /**
   * True when the call runs exactly once each time its revision method completes normally: it is in
   * no lambda, loop, branch or local class. What a rule proves about such a call holds for every
   * run of the revision.
   */
  public boolean isUnconditional() {
    return contexts.isEmpty();
  }

  /** The call's tree, for rules that need more than the summary. */
  public MethodInvocationTree tree() {
    return (MethodInvocationTree) position.tree();
  }
}
