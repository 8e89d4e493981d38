package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.model.RevisionReader;
import dev.retort.processor.model.TimeoutText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks each {@code @Revision} class on its own: that the generated registry can create it with a
 * plain {@code new}, that it is a {@code Migration}, and that its id, down and dialects entries are
 * well formed. Reports every problem of a class, each once.
 */
public final class RevisionElementValidator {
  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;

  /** Checks with javac's utilities, reporting to {@code diagnostics}. */
  public RevisionElementValidator(Elements elements, Types types, Diagnostics diagnostics) {
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
  }

  /** Checks every revision of a compilation, in qualified-name order. */
  public void validate(List<RevisionModel> revisions) {
    List<RevisionModel> sorted = new ArrayList<>(revisions);
    sorted.sort(Comparator.comparing(RevisionModel::qualifiedName));
    TypeElement migration = elements.getTypeElement(RevisionReader.MIGRATION);
    if (migration == null && !sorted.isEmpty()) {
      // One problem, one error: the missing dependency, not one per class.
      diagnostics.error(Messages.runtimeMissing(sorted.get(0)), sorted.get(0).type());
    }
    for (RevisionModel revision : sorted) {
      validateShape(revision, migration);
      validateIds(revision);
      validateDialects(revision);
      validateTimeouts(revision);
    }
  }

  /** Each timeout is one the runtime can set; a typo must not silently mean "the default". */
  private void validateTimeouts(RevisionModel r) {
    if (!TimeoutText.isValid(r.lockTimeout())) {
      diagnostics.error(
          Messages.invalidTimeout(r, "lockTimeout", r.lockTimeout()), r, r.lockTimeoutValue());
    }
    if (!TimeoutText.isValid(r.statementTimeout())) {
      diagnostics.error(
          Messages.invalidTimeout(r, "statementTimeout", r.statementTimeout()),
          r,
          r.statementTimeoutValue());
    }
  }

  /** Each {@code dialects} entry names a dialect, in lowercase: the rules compare it exactly. */
  private void validateDialects(RevisionModel r) {
    for (int i = 0; i < r.dialects().size(); i++) {
      String dialect = r.dialects().get(i);
      if (TargetDialect.named(dialect).isEmpty()) {
        diagnostics.error(
            Messages.invalidDialect(r, dialect, TargetDialect.resembling(dialect)),
            r,
            r.dialectValues().get(i));
      }
    }
  }

  private void validateShape(RevisionModel r, TypeElement migration) {
    TypeElement type = r.type();
    String kind =
        switch (type.getKind()) {
          case CLASS -> null;
          case INTERFACE -> "an interface";
          case ENUM -> "an enum";
          case ANNOTATION_TYPE -> "an annotation type";
          case RECORD -> "a record";
          default -> "not a class";
        };
    if (kind != null) {
      // Records would work, but one shape keeps the rules and the messages simple.
      diagnostics.error(Messages.notAClass(r, kind), type);
      return; // the other checks are about classes
    }

    switch (type.getNestingKind()) {
      case MEMBER -> {
        if (!type.getModifiers().contains(Modifier.STATIC)) {
          diagnostics.error(Messages.innerClass(r, name(type.getEnclosingElement())), type);
        }
      }
      case LOCAL, ANONYMOUS -> diagnostics.error(Messages.localClass(r), type);
      case TOP_LEVEL -> {}
    }
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      diagnostics.error(Messages.notPublic(r), type);
    }
    List<String> hiddenBy = new ArrayList<>();
    for (Element e = type.getEnclosingElement(); isType(e); e = e.getEnclosingElement()) {
      if (!e.getModifiers().contains(Modifier.PUBLIC)) {
        hiddenBy.add(0, name(e));
      }
    }
    if (!hiddenBy.isEmpty()) {
      diagnostics.error(Messages.enclosingNotPublic(r, hiddenBy), type);
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      diagnostics.error(Messages.abstractClass(r), type);
    }
    if (!type.getTypeParameters().isEmpty()) {
      String parameters =
          type.getTypeParameters().stream()
              .map(p -> p.getSimpleName().toString())
              .collect(Collectors.joining(", ", "<", ">"));
      diagnostics.error(Messages.typeParameters(r, parameters), type);
    }
    if (!hasPublicNoArgConstructor(type)) {
      diagnostics.error(Messages.noPublicConstructor(r), type);
    }
    if (migration != null
        && !types.isAssignable(types.erasure(type.asType()), types.erasure(migration.asType()))) {
      diagnostics.error(Messages.notMigration(r), type);
    }
  }

  /**
   * javac lists the implicit default constructor among the elements, so it counts too. It takes the
   * class's access, so for a class that is not public it is not public either; it still counts,
   * since the not-public error already says what fixes both.
   */
  private boolean hasPublicNoArgConstructor(TypeElement type) {
    for (ExecutableElement constructor : ElementFilter.constructorsIn(type.getEnclosedElements())) {
      if (constructor.getParameters().isEmpty()
          && (constructor.getModifiers().contains(Modifier.PUBLIC)
              || elements.getOrigin(constructor) == Elements.Origin.MANDATED)) {
        return true;
      }
    }
    return false;
  }

  private void validateIds(RevisionModel r) {
    checkId(r, false, r.id(), r.idValue());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < r.downs().size(); i++) {
      String down = r.downs().get(i);
      boolean valid = checkId(r, true, down, r.downValues().get(i));
      if (!seen.add(down) && valid) {
        diagnostics.error(Messages.repeatedDown(r, down), r, r.downValues().get(i));
      }
    }
  }

  /** Reports what is wrong with {@code value}, if anything; true when it is a valid id. */
  private boolean checkId(RevisionModel r, boolean inDown, String value, AnnotationValue at) {
    String message;
    List<Character> invalid = Ids.invalidCharacters(value);
    if (value.isEmpty()) {
      message = inDown ? Messages.emptyDown(r) : Messages.emptyId(r);
    } else if (!invalid.isEmpty()) {
      message = Messages.idCharacters(r, inDown, value, invalid, Ids.suggestion(value));
    } else if (value.length() > Ids.MAX_LENGTH) {
      message = Messages.idTooLong(r, inDown, value, Ids.suggestion(value));
    } else if (Ids.isReserved(value)) {
      message = Messages.reservedId(r, inDown, value);
    } else {
      return true;
    }
    diagnostics.error(message, r, at);
    return false;
  }

  private static boolean isType(Element e) {
    return e != null && (e.getKind().isClass() || e.getKind().isInterface());
  }

  /** A type's name without its package: {@code Outer.Inner}. */
  private String name(Element type) {
    String qualified = ((TypeElement) type).getQualifiedName().toString();
    String packageName = elements.getPackageOf(type).getQualifiedName().toString();
    return packageName.isEmpty() ? qualified : qualified.substring(packageName.length() + 1);
  }
}
