package dev.retort.processor.validation.body;

import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.ParenthesizedTree;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.TypeElement;

/**
 * An expression written as a builder chain: a static factory of a named type and the calls made on
 * its result, such as {@code ColumnChange.of().type(ColumnType.text()).notNull()}. Rules read it to
 * learn what a value passed to an operation holds without running it.
 *
 * <p>Like the rest of the scan it is syntactic: the type is the one the qualifier names (resolved
 * as {@link Constants} resolves qualifiers, so a variable that shadows it is never taken for it),
 * and the calls after the factory are known by name only. A rule proves something only when the
 * type and every name in the chain are ones it knows.
 *
 * @param type the type whose static method starts the chain
 * @param calls the calls in source order, the factory first
 */
public record BuilderChain(TypeElement type, List<Link> calls) {

  /**
   * One call of the chain.
   *
   * @param name the method's simple name
   * @param arguments the argument expressions, in order
   * @param constants each argument's value when it is a constant the scanner can prove
   * @param chains each argument that is itself a builder chain, such as the {@code
   *     ServerDefault.value(0)} in {@code .serverDefault(ServerDefault.value(0))}
   */
  public record Link(
      String name,
      List<ExpressionTree> arguments,
      List<Optional<Object>> constants,
      List<Optional<BuilderChain>> chains) {
    public Link {
      Objects.requireNonNull(name, "name == null");
      arguments = List.copyOf(arguments);
      constants = List.copyOf(constants);
      chains = List.copyOf(chains);
      if (constants.size() != arguments.size() || chains.size() != arguments.size()) {
        throw new IllegalArgumentException("one constant and one chain per argument");
      }
    }

    /** The value of argument {@code index} if it is a constant string; empty if not, or absent. */
    public Optional<String> constantString(int index) {
      return index < constants.size()
          ? constants.get(index).filter(String.class::isInstance).map(String.class::cast)
          : Optional.empty();
    }
  }

  public BuilderChain {
    Objects.requireNonNull(type, "type == null");
    calls = List.copyOf(calls);
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("calls is empty");
    }
  }

  /** True when the chain starts with {@code qualifiedType.factory(...)}. */
  public boolean startsWith(String qualifiedType, String factory) {
    return type.getQualifiedName().contentEquals(qualifiedType)
        && calls.get(0).name().equals(factory);
  }

  /** The calls after the factory, in source order. */
  public List<Link> afterFactory() {
    return calls.subList(1, calls.size());
  }

  /** The chain {@code expression} is, if it is one whose start names a type. */
  static Optional<BuilderChain> of(ExpressionTree expression, Constants constants) {
    List<MethodInvocationTree> invocations = new ArrayList<>();
    ExpressionTree current = unparenthesized(expression);
    while (current instanceof MethodInvocationTree invocation
        && invocation.getMethodSelect() instanceof MemberSelectTree select) {
      invocations.add(invocation);
      current = unparenthesized(select.getExpression());
    }
    if (invocations.isEmpty()) {
      return Optional.empty(); // also a statically imported factory, called by its simple name
    }
    Optional<TypeElement> type = constants.type(current);
    if (type.isEmpty()) {
      return Optional.empty();
    }
    Collections.reverse(invocations);
    List<Link> calls = new ArrayList<>();
    for (MethodInvocationTree invocation : invocations) {
      List<Optional<Object>> values = new ArrayList<>();
      List<Optional<BuilderChain>> chains = new ArrayList<>();
      for (ExpressionTree argument : invocation.getArguments()) {
        values.add(constants.value(argument));
        chains.add(of(argument, constants));
      }
      calls.add(
          new Link(
              ((MemberSelectTree) invocation.getMethodSelect()).getIdentifier().toString(),
              List.copyOf(invocation.getArguments()),
              values,
              chains));
    }
    return Optional.of(new BuilderChain(type.get(), calls));
  }

  private static ExpressionTree unparenthesized(ExpressionTree expression) {
    while (expression instanceof ParenthesizedTree parenthesized) {
      expression = parenthesized.getExpression();
    }
    return expression;
  }
}
