package dev.retort.processor.validation.body;

import com.sun.source.tree.AssertTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.retort.processor.model.RevisionReader;
import dev.retort.processor.model.SourceTrees;
import dev.retort.processor.validation.body.MethodCall.Context;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Lists the method calls in the {@code upgrade} and {@code downgrade} bodies of a revision class,
 * for the rules that check what a revision does rather than how the graph looks ({@code
 * [Retort/NonTransactional]} and {@code [Retort/SqliteAlter]}).
 *
 * <p>It reads only the class's own {@code upgrade(Operations)} and {@code downgrade(Operations)}:
 * not helper methods they call, not inherited ones. Each call comes as a {@link MethodCall} with
 * its name, receiver, constant arguments, the constructs around it (lambda, loop, branch, local
 * class), the call whose argument it sits in, and the arguments written as builder chains, so a
 * rule can report only what it can prove. The scan is syntactic and never attributes a body; see
 * {@link Constants} for which arguments count as constant.
 *
 * <p>Without javac's tree API (another compiler, or a wrapper {@link SourceTrees} cannot unwrap)
 * every revision has no calls: the body rules then check nothing rather than fail, and the
 * processor says so in a note.
 */
public final class RevisionBodyScanner {
  private static final Set<String> REVISION_METHODS = Set.of("upgrade", "downgrade");

  private final Trees trees;
  private final Elements elements;
  private final Types types;
  private final Map<TypeElement, List<MethodCall>> cache = new HashMap<>();

  private RevisionBodyScanner(Trees trees, Elements elements, Types types) {
    this.trees = trees;
    this.elements = elements;
    this.types = types;
  }

  /** Reads bodies with javac's tree API, if {@code env} offers it. */
  public static RevisionBodyScanner of(ProcessingEnvironment env) {
    return SourceTrees.of(env)
        .map(trees -> new RevisionBodyScanner(trees, env.getElementUtils(), env.getTypeUtils()))
        .orElseGet(RevisionBodyScanner::unavailable);
  }

  /** A scanner that finds no calls, for compilers without javac's tree API. */
  public static RevisionBodyScanner unavailable() {
    return new RevisionBodyScanner(null, null, null);
  }

  /** False when bodies cannot be read, so every revision appears to make no calls. */
  public boolean canRead() {
    return trees != null;
  }

  /**
   * The calls in {@code type}'s own {@code upgrade} and {@code downgrade} methods, method by method
   * in declaration order; within one, each call comes before the calls in its receiver and
   * arguments.
   */
  public List<MethodCall> calls(TypeElement type) {
    if (trees == null) {
      return List.of();
    }
    return cache.computeIfAbsent(type, this::scan);
  }

  private List<MethodCall> scan(TypeElement type) {
    TypeElement operations = elements.getTypeElement(RevisionReader.OPERATIONS);
    TypeMirror operationsType = operations == null ? null : types.erasure(operations.asType());
    List<MethodCall> calls = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (!REVISION_METHODS.contains(method.getSimpleName().toString())
          || method.getParameters().size() != 1
          || method.getModifiers().contains(Modifier.STATIC)
          || (operationsType != null
              && !types.isSameType(
                  types.erasure(method.getParameters().get(0).asType()), operationsType))) {
        continue;
      }
      TreePath path = trees.getPath(method);
      if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
        continue; // from a class file, or abstract
      }
      CompilationUnitTree unit = path.getCompilationUnit();
      Set<String> locals = localNames(tree);
      Constants constants = new Constants(elements, type, unit, locals);
      String parameter = tree.getParameters().get(0).getName().toString();
      new CallScanner(method.getSimpleName().toString(), parameter, constants, unit, calls)
          .scan(new TreePath(path, tree.getBody()), null);
    }
    return List.copyOf(calls);
  }

  /**
   * The names declared inside {@code method}: parameters, locals, lambda and catch parameters,
   * resources, pattern variables, fields and names of local classes. Any of them may shadow a field
   * or type, so {@link Constants} does not resolve them.
   */
  private static Set<String> localNames(MethodTree method) {
    Set<String> names = new HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree node, Void unused) {
        names.add(node.getName().toString());
        return super.visitVariable(node, unused);
      }

      @Override
      public Void visitClass(ClassTree node, Void unused) {
        names.add(node.getSimpleName().toString());
        return super.visitClass(node, unused);
      }
    }.scan(method, null);
    return names;
  }

  /** Collects the calls of one method body, tracking the constructs around each. */
  private final class CallScanner extends TreePathScanner<Void, Void> {
    private final String revisionMethod;
    private final String parameter;
    private final Constants constants;
    private final CompilationUnitTree unit;
    private final List<MethodCall> calls;
    private final Deque<Context> contexts = new ArrayDeque<>();
    private final Deque<MethodCall> enclosing = new ArrayDeque<>();

    CallScanner(
        String revisionMethod,
        String parameter,
        Constants constants,
        CompilationUnitTree unit,
        List<MethodCall> calls) {
      this.revisionMethod = revisionMethod;
      this.parameter = parameter;
      this.constants = constants;
      this.unit = unit;
      this.calls = calls;
    }

    @Override
    public Void visitMethodInvocation(MethodInvocationTree node, Void unused) {
      ExpressionTree select = node.getMethodSelect();
      Optional<ExpressionTree> receiver = Optional.empty();
      String name;
      if (select instanceof MemberSelectTree member) {
        receiver = Optional.of(member.getExpression());
        name = member.getIdentifier().toString();
      } else if (select instanceof IdentifierTree identifier) {
        name = identifier.getName().toString();
      } else {
        name = select.toString(); // not produced by the parser; kept for safety
      }
      // A method's parameter cannot be redeclared inside it, except as a field of a local class.
      boolean onParameter =
          receiver.orElse(null) instanceof IdentifierTree identifier
              && identifier.getName().contentEquals(parameter)
              && !contexts.contains(Context.LOCAL_CLASS);
      List<Optional<Object>> values = new ArrayList<>();
      List<Optional<BuilderChain>> chains = new ArrayList<>();
      for (ExpressionTree argument : node.getArguments()) {
        values.add(constants.value(argument));
        chains.add(BuilderChain.of(argument, constants));
      }
      MethodCall call =
          new MethodCall(
              revisionMethod,
              name,
              receiver,
              onParameter,
              List.copyOf(node.getArguments()),
              values,
              chains,
              contexts.isEmpty() ? Set.of() : EnumSet.copyOf(contexts),
              Optional.ofNullable(enclosing.peek()),
              new SourcePosition(trees, unit, node));
      calls.add(call);

      scan(node.getTypeArguments(), unused);
      scan(select, unused);
      enclosing.push(call);
      try {
        scan(node.getArguments(), unused);
      } finally {
        enclosing.pop();
      }
      return null;
    }

    @Override
    public Void visitLambdaExpression(LambdaExpressionTree node, Void unused) {
      return within(Context.LAMBDA, () -> super.visitLambdaExpression(node, unused));
    }

    @Override
    public Void visitClass(ClassTree node, Void unused) {
      return within(Context.LOCAL_CLASS, () -> super.visitClass(node, unused));
    }

    @Override
    public Void visitForLoop(ForLoopTree node, Void unused) {
      return within(Context.LOOP, () -> super.visitForLoop(node, unused));
    }

    @Override
    public Void visitEnhancedForLoop(EnhancedForLoopTree node, Void unused) {
      return within(Context.LOOP, () -> super.visitEnhancedForLoop(node, unused));
    }

    @Override
    public Void visitWhileLoop(WhileLoopTree node, Void unused) {
      return within(Context.LOOP, () -> super.visitWhileLoop(node, unused));
    }

    @Override
    public Void visitDoWhileLoop(DoWhileLoopTree node, Void unused) {
      return within(Context.LOOP, () -> super.visitDoWhileLoop(node, unused));
    }

    @Override
    public Void visitIf(IfTree node, Void unused) {
      scan(node.getCondition(), unused);
      return within(
          Context.CONDITIONAL,
          () -> {
            scan(node.getThenStatement(), unused);
            return scan(node.getElseStatement(), unused);
          });
    }

    @Override
    public Void visitConditionalExpression(ConditionalExpressionTree node, Void unused) {
      scan(node.getCondition(), unused);
      return within(
          Context.CONDITIONAL,
          () -> {
            scan(node.getTrueExpression(), unused);
            return scan(node.getFalseExpression(), unused);
          });
    }

    @Override
    public Void visitBinary(BinaryTree node, Void unused) {
      if (node.getKind() != Tree.Kind.CONDITIONAL_AND
          && node.getKind() != Tree.Kind.CONDITIONAL_OR) {
        return super.visitBinary(node, unused);
      }
      scan(node.getLeftOperand(), unused);
      return within(Context.CONDITIONAL, () -> scan(node.getRightOperand(), unused));
    }

    @Override
    public Void visitSwitch(SwitchTree node, Void unused) {
      scan(node.getExpression(), unused);
      return within(Context.CONDITIONAL, () -> scan(node.getCases(), unused));
    }

    @Override
    public Void visitSwitchExpression(SwitchExpressionTree node, Void unused) {
      scan(node.getExpression(), unused);
      return within(Context.CONDITIONAL, () -> scan(node.getCases(), unused));
    }

    @Override
    public Void visitTry(TryTree node, Void unused) {
      scan(node.getResources(), unused);
      scan(node.getBlock(), unused);
      within(Context.CONDITIONAL, () -> scan(node.getCatches(), unused));
      return scan(node.getFinallyBlock(), unused);
    }

    @Override
    public Void visitAssert(AssertTree node, Void unused) {
      // Assertions are off unless the JVM runs with -ea.
      return within(Context.CONDITIONAL, () -> super.visitAssert(node, unused));
    }

    private Void within(Context context, Supplier<Void> body) {
      contexts.push(context);
      try {
        return body.get();
      } finally {
        contexts.pop();
      }
    }
  }
}
