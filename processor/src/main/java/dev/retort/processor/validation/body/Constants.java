package dev.retort.processor.validation.body;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;

/**
 * Works out the value of an expression in a revision method when it is a compile-time constant,
 * without attributing the method: javac has not attributed bodies yet while processors run, and
 * forcing it there (as {@code Trees.getElement} on a body tree would) can report errors twice or
 * against types another processor has yet to generate.
 *
 * <p>It knows literals, text blocks (whose value javac's parser has already computed), string
 * concatenation, parentheses, and names of constant fields: a simple name (a field of the class, an
 * enclosing class or a supertype, or a static import), {@code this.NAME}, and {@code Type.NAME},
 * where {@code Type} is found as javac would (member types, imports, the package, {@code
 * java.lang}). A name that a local variable, parameter or local class of the method could shadow is
 * never resolved, and neither is anything else: empty means "not proven", never "not constant".
 */
final class Constants {
  private final Elements elements;
  private final TypeElement type;
  private final CompilationUnitTree unit;
  private final Set<String> locals;

  /**
   * Resolves names as seen from a method of {@code type} in {@code unit}; {@code locals} are the
   * names of the method's variables and local classes, which shadow fields and types.
   */
  Constants(Elements elements, TypeElement type, CompilationUnitTree unit, Set<String> locals) {
    this.elements = elements;
    this.type = type;
    this.unit = unit;
    this.locals = locals;
  }

  /** The value of {@code expression}: a String, a boxed primitive, or empty if not proven. */
  Optional<Object> value(ExpressionTree expression) {
    if (expression instanceof LiteralTree literal) {
      return Optional.ofNullable(literal.getValue()); // the null literal is no constant
    }
    if (expression instanceof ParenthesizedTree parenthesized) {
      return value(parenthesized.getExpression());
    }
    if (expression instanceof BinaryTree binary && binary.getKind() == Tree.Kind.PLUS) {
      Optional<Object> left = value(binary.getLeftOperand());
      Optional<Object> right = left.isPresent() ? value(binary.getRightOperand()) : left;
      if (right.isEmpty()) {
        return Optional.empty();
      }
      // String conversion of boxed primitives is their toString (JLS 5.1.11). Arithmetic is left
      // out: SQL is built from strings, and an unproven value only means no check.
      if (left.get() instanceof String || right.get() instanceof String) {
        return Optional.of(String.valueOf(left.get()) + right.get());
      }
      return Optional.empty();
    }
    if (expression instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      return locals.contains(name) ? Optional.empty() : fieldInScope(name).flatMap(Constants::of);
    }
    if (expression instanceof MemberSelectTree select) {
      String name = select.getIdentifier().toString();
      if (select.getExpression() instanceof IdentifierTree qualifier
          && qualifier.getName().contentEquals("this")) {
        return field(type, name).flatMap(Constants::of);
      }
      return type(select.getExpression())
          .flatMap(t -> field(t, name))
          .filter(f -> f.getModifiers().contains(Modifier.STATIC))
          .flatMap(Constants::of);
    }
    return Optional.empty();
  }

  private static Optional<Object> of(VariableElement field) {
    return Optional.ofNullable(field.getConstantValue());
  }

  /** The field a simple name denotes outside the method: a member in scope, or a static import. */
  private Optional<VariableElement> fieldInScope(String name) {
    for (Element scope = type; isType(scope); scope = scope.getEnclosingElement()) {
      Optional<VariableElement> field = field((TypeElement) scope, name);
      if (field.isPresent()) {
        return field;
      }
    }
    // Single-static-imports shadow on-demand ones (JLS 6.4.1), so they are tried first.
    for (boolean onDemand : new boolean[] {false, true}) {
      for (ImportTree anImport : unit.getImports()) {
        if (anImport.isStatic()
            && anImport.getQualifiedIdentifier() instanceof MemberSelectTree imported
            && imported.getIdentifier().contentEquals(onDemand ? "*" : name)) {
          Optional<VariableElement> field =
              Optional.ofNullable(elements.getTypeElement(imported.getExpression().toString()))
                  .flatMap(t -> field(t, name))
                  .filter(f -> f.getModifiers().contains(Modifier.STATIC));
          if (field.isPresent()) {
            return field;
          }
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The type a qualifier such as {@code Sql} or {@code com.example.Sql} names, if it is one; empty
   * when a variable could be meant, or the name is not found.
   */
  Optional<TypeElement> type(ExpressionTree qualifier) {
    if (qualifier instanceof IdentifierTree identifier) {
      String name = identifier.getName().toString();
      // A variable in scope wins over a type of the same name (JLS 6.5.2).
      if (locals.contains(name) || fieldInScope(name).isPresent()) {
        return Optional.empty();
      }
      return simpleType(name);
    }
    if (qualifier instanceof MemberSelectTree select) {
      Optional<TypeElement> outer = type(select.getExpression());
      if (outer.isPresent()) {
        return memberType(outer.get(), select.getIdentifier().toString());
      }
      ExpressionTree leftmost = select;
      while (leftmost instanceof MemberSelectTree part) {
        leftmost = part.getExpression();
      }
      if (leftmost instanceof IdentifierTree first
          && !locals.contains(first.getName().toString())
          && fieldInScope(first.getName().toString()).isEmpty()) {
        return Optional.ofNullable(elements.getTypeElement(select.toString())); // qualified name
      }
    }
    return Optional.empty();
  }

  private Optional<TypeElement> simpleType(String name) {
    for (Element scope = type; isType(scope); scope = scope.getEnclosingElement()) {
      if (scope.getSimpleName().contentEquals(name)) {
        return Optional.of((TypeElement) scope);
      }
      Optional<TypeElement> member = memberType((TypeElement) scope, name);
      if (member.isPresent()) {
        return member;
      }
    }
    for (ImportTree anImport : unit.getImports()) {
      if (!anImport.isStatic()
          && anImport.getQualifiedIdentifier() instanceof MemberSelectTree imported
          && imported.getIdentifier().contentEquals(name)) {
        return Optional.ofNullable(elements.getTypeElement(imported.toString()));
      }
    }
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    TypeElement inPackage =
        elements.getTypeElement(packageName.isEmpty() ? name : packageName + "." + name);
    if (inPackage != null) {
      return Optional.of(inPackage);
    }
    for (ImportTree anImport : unit.getImports()) {
      if (!anImport.isStatic()
          && anImport.getQualifiedIdentifier() instanceof MemberSelectTree imported
          && imported.getIdentifier().contentEquals("*")) {
        TypeElement onDemand =
            elements.getTypeElement(imported.getExpression().toString() + "." + name);
        if (onDemand != null) {
          return Optional.of(onDemand);
        }
      }
    }
    return Optional.ofNullable(elements.getTypeElement("java.lang." + name));
  }

  private Optional<VariableElement> field(TypeElement owner, String name) {
    return ElementFilter.fieldsIn(elements.getAllMembers(owner)).stream()
        .filter(field -> field.getSimpleName().contentEquals(name))
        .findFirst();
  }

  private Optional<TypeElement> memberType(TypeElement owner, String name) {
    return ElementFilter.typesIn(elements.getAllMembers(owner)).stream()
        .filter(member -> member.getSimpleName().contentEquals(name))
        .findFirst();
  }

  private static boolean isType(Element element) {
    return element != null && (element.getKind().isClass() || element.getKind().isInterface());
  }
}
