package dev.retort.processor.model;

import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads a {@code @Revision} class into a {@link RevisionModel}, from its {@link AnnotationMirror}
 * rather than by reflection, so that each value keeps its source position for error messages.
 */
public final class RevisionReader {
  /** The annotation, by name: the processor must not need it loaded to read it. */
  public static final String REVISION = "dev.retort.Revision";

  /** The interface every revision implements; in retort-runtime, which may be missing. */
  public static final String MIGRATION = "dev.retort.runtime.Migration";

  /** The parameter type of {@code Migration.downgrade}. */
  public static final String OPERATIONS = "dev.retort.runtime.ops.Operations";

  private final ProcessingEnvironment env;
  private final Elements elements;
  private final Types types;
  private Trees trees;
  private boolean treesUnavailable;

  /** Reads with the utilities of {@code env}. */
  public RevisionReader(ProcessingEnvironment env) {
    this.env = env;
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
  }

  /**
   * Reads {@code type}, or returns empty when javac could not resolve something the model needs: a
   * value such as {@code id = UNDEFINED_CONSTANT}, or a supertype. javac reports those itself, and
   * they may resolve in a later round once another processor has generated the missing type.
   */
  public Optional<RevisionModel> read(TypeElement type) {
    Optional<? extends AnnotationMirror> found =
        type.getAnnotationMirrors().stream()
            .filter(mirror -> isRevision(mirror.getAnnotationType()))
            .findFirst();
    if (found.isEmpty() || hasErroneousSupertype(type)) {
      return Optional.empty();
    }
    AnnotationMirror mirror = found.get();

    AnnotationValue idValue = null;
    AnnotationValue downValue = null;
    AnnotationValue messageValue = null;
    AnnotationValue transactionalValue = null;
    AnnotationValue dialectsValue = null;
    AnnotationValue allowValue = null;
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      switch (entry.getKey().getSimpleName().toString()) {
        case "id" -> idValue = entry.getValue();
        case "down" -> downValue = entry.getValue();
        case "message" -> messageValue = entry.getValue();
        case "transactional" -> transactionalValue = entry.getValue();
        case "dialects" -> dialectsValue = entry.getValue();
        case "allow" -> allowValue = entry.getValue();
        default -> {}
      }
    }
    // A missing id is a javac error already ("missing a default value for the element 'id'").
    if (idValue == null || isErroneous(idValue)) {
      return Optional.empty();
    }

    List<String> downs = new ArrayList<>();
    List<AnnotationValue> downValues = new ArrayList<>();
    List<String> dialects = new ArrayList<>();
    List<AnnotationValue> dialectValues = new ArrayList<>();
    if (!readStrings(downValue, downs, downValues)
        || !readStrings(dialectsValue, dialects, dialectValues)) {
      return Optional.empty();
    }
    String message = "";
    if (messageValue != null) {
      if (isErroneous(messageValue)) {
        return Optional.empty();
      }
      message = (String) messageValue.getValue();
    }
    if (transactionalValue != null && !(transactionalValue.getValue() instanceof Boolean)) {
      return Optional.empty(); // an unresolved constant, as for the id
    }
    boolean transactional = transactionalValue == null || (Boolean) transactionalValue.getValue();
    List<RevisionModel.Allow> allows = new ArrayList<>();
    if (!readAllows(allowValue, allows)) {
      return Optional.empty();
    }

    return Optional.of(
        new RevisionModel(
            (String) idValue.getValue(),
            downs,
            type,
            mirror,
            idValue,
            downValues,
            message,
            isReversible(type),
            transactional,
            transactionalValue,
            dialects,
            dialectValues,
            SourceChecksum.of(trees(), type),
            elements.getBinaryName(type).toString(),
            fileName(type),
            allows));
  }

  /**
   * Adds the {@code @Allow} entries of {@code value} (when given) to {@code allows}; false when
   * javac could not compute one (javac itself reports a missing {@code rule} or {@code reason}).
   */
  private static boolean readAllows(AnnotationValue value, List<RevisionModel.Allow> allows) {
    if (value == null) {
      return true;
    }
    List<?> entries =
        value.getValue() instanceof List<?> list
            ? list.stream().map(entry -> ((AnnotationValue) entry).getValue()).toList()
            : List.of(value.getValue());
    for (Object entry : entries) {
      if (!(entry instanceof AnnotationMirror mirror)) {
        return false;
      }
      AnnotationValue rule = null;
      AnnotationValue reason = null;
      AnnotationValue table = null;
      for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> element :
          mirror.getElementValues().entrySet()) {
        switch (element.getKey().getSimpleName().toString()) {
          case "rule" -> rule = element.getValue();
          case "reason" -> reason = element.getValue();
          case "table" -> table = element.getValue();
          default -> {}
        }
      }
      if (rule == null
          || reason == null
          || isErroneous(rule)
          || isErroneous(reason)
          || (table != null && isErroneous(table))) {
        return false;
      }
      allows.add(
          new RevisionModel.Allow(
              (String) rule.getValue(),
              table == null ? "" : (String) table.getValue(),
              (String) reason.getValue(),
              mirror,
              rule));
    }
    return true;
  }

  /**
   * Adds the entries of the string array {@code value} (when given) to {@code strings} and their
   * positions to {@code values}; false when javac could not compute one.
   */
  private static boolean readStrings(
      AnnotationValue value, List<String> strings, List<AnnotationValue> values) {
    if (value == null) {
      return true;
    }
    // javac hands over `down = "a"` as a one-entry array, as it does `down = {"a"}`.
    List<? extends AnnotationValue> entries =
        value.getValue() instanceof List<?> list
            ? list.stream().map(AnnotationValue.class::cast).toList()
            : List.of(value);
    for (AnnotationValue entry : entries) {
      if (isErroneous(entry)) {
        return false;
      }
      strings.add((String) entry.getValue());
      values.add(entry);
    }
    return true;
  }

  private static boolean isRevision(DeclaredType annotationType) {
    return ((TypeElement) annotationType.asElement()).getQualifiedName().contentEquals(REVISION);
  }

  /**
   * True for a value javac could not compute, such as a reference to a missing constant. javac
   * presents it as the string {@code <error>}; a real string value prints as a quoted literal
   * (AnnotationValue.toString() returns source form), which tells the two apart without javac
   * internals.
   */
  private static boolean isErroneous(AnnotationValue value) {
    return !(value.getValue() instanceof String) || !value.toString().startsWith("\"");
  }

  private boolean hasErroneousSupertype(TypeElement type) {
    Deque<TypeMirror> pending = new ArrayDeque<>();
    pending.add(type.getSuperclass());
    pending.addAll(type.getInterfaces());
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeMirror supertype = pending.pop();
      if (supertype.getKind() == TypeKind.ERROR) {
        return true;
      }
      if (supertype.getKind() == TypeKind.DECLARED && seen.add(supertype.toString())) {
        TypeElement element = (TypeElement) ((DeclaredType) supertype).asElement();
        pending.add(element.getSuperclass());
        pending.addAll(element.getInterfaces());
      }
    }
    return false;
  }

  /**
   * Whether the class, a superclass, or an interface other than {@code Migration} itself declares
   * {@code downgrade(Operations)}. {@code Migration}'s own default throws, so a class that inherits
   * only that one is irreversible.
   */
  private boolean isReversible(TypeElement type) {
    TypeElement operations = elements.getTypeElement(OPERATIONS);
    if (operations == null) {
      return false; // the element validator reports the missing runtime
    }
    TypeMirror operationsType = types.erasure(operations.asType());
    Deque<TypeElement> pending = new ArrayDeque<>();
    pending.add(type);
    Set<String> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      TypeElement current = pending.pop();
      String name = current.getQualifiedName().toString();
      if (!seen.add(name) || name.equals(MIGRATION)) {
        continue;
      }
      if (declaresDowngrade(current, operationsType)) {
        return true;
      }
      List<TypeMirror> supertypes = new ArrayList<>(current.getInterfaces());
      supertypes.add(current.getSuperclass());
      for (TypeMirror supertype : supertypes) {
        if (supertype.getKind() == TypeKind.DECLARED) {
          pending.add((TypeElement) ((DeclaredType) supertype).asElement());
        }
      }
    }
    return false;
  }

  private boolean declaresDowngrade(TypeElement type, TypeMirror operationsType) {
    boolean isInterface = type.getKind() == ElementKind.INTERFACE;
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      if (method.getSimpleName().contentEquals("downgrade")
          && method.getParameters().size() == 1
          && !method.getModifiers().contains(Modifier.STATIC)
          && (!isInterface || method.getModifiers().contains(Modifier.DEFAULT))
          && types.isSameType(
              types.erasure(method.getParameters().get(0).asType()), operationsType)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name of the file that declares {@code type}, such as {@code AddPhone.java}. Asks javac's
   * tree API where it can; elsewhere (another compiler, a wrapped environment) falls back to the
   * top-level class's name, which is the file name for every public top-level class.
   */
  private String fileName(TypeElement type) {
    Trees trees = trees();
    if (trees != null) {
      try {
        TreePath path = trees.getPath(type);
        if (path != null) {
          String name = path.getCompilationUnit().getSourceFile().getName();
          return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        }
      } catch (RuntimeException e) {
        // fall through to the top-level name
      }
    }
    Element topLevel = type;
    while (topLevel.getEnclosingElement() != null
        && topLevel.getEnclosingElement().getKind() != ElementKind.PACKAGE
        && topLevel.getEnclosingElement().getKind() != ElementKind.MODULE) {
      topLevel = topLevel.getEnclosingElement();
    }
    return topLevel.getSimpleName() + ".java";
  }

  /** javac's tree API, or null when not javac, or javac behind a wrapper that does not unwrap. */
  private Trees trees() {
    if (trees == null && !treesUnavailable) {
      trees = SourceTrees.of(env).orElse(null);
      treesUnavailable = trees == null;
    }
    return trees;
  }
}
