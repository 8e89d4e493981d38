package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.body.SourcePosition;
import java.util.function.Predicate;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports errors to javac at the most specific position there is, and counts them, so that the
 * processor can generate nothing once any was reported. Never throws on a user's mistake: a
 * reported error is the whole outcome of a failed check.
 */
public final class Diagnostics {
  private final Messager messager;
  private int errorCount;
  private Predicate<Element> withoutSource = element -> false;
  private Element fallback;

  /** Reports through {@code messager}, javac's or a wrapper's. */
  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** Reports an error with no source position, such as a bad processor option. */
  public void error(String message) {
    errorCount++;
    messager.printMessage(Diagnostic.Kind.ERROR, message);
  }

  /**
   * Places errors about the elements {@code withoutSource} accepts on {@code fallback} instead: a
   * revision read from a class file of the module's earlier compile has no source in this one, and
   * javac would print its error with no file at all. The message names the revision's file, so the
   * user finds it; the position only has to be one javac can show.
   */
  public void placeElementsWithoutSource(Predicate<Element> withoutSource, Element fallback) {
    this.withoutSource = withoutSource;
    this.fallback = fallback;
  }

  /** Reports an error on the declaration of {@code element}. */
  public void error(String message, Element element) {
    errorCount++;
    if (hasNoSource(element)) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, fallback);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element);
    }
  }

  private boolean hasNoSource(Element element) {
    return fallback != null && withoutSource.test(element);
  }

  /**
   * Reports an error on {@code value} inside {@code mirror} on {@code element}, so javac's caret
   * sits under that value (the {@code "7b0"} in {@code down = {"77b0", "7b0"}}). javac falls back
   * to the annotation and then to the element when it cannot place the value.
   */
  public void error(
      String message, Element element, AnnotationMirror mirror, AnnotationValue value) {
    errorCount++;
    if (hasNoSource(element)) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, fallback);
    } else if (value == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, message, element, mirror, value);
    }
  }

  /** Reports an error on {@code value} of {@code revision}'s {@code @Revision} annotation. */
  public void error(String message, RevisionModel revision, AnnotationValue value) {
    error(message, revision.type(), revision.annotation(), value);
  }

  /**
   * Reports an error at {@code position}, a tree inside a method body such as a call, which no
   * element can point at.
   */
  public void error(String message, SourcePosition position) {
    errorCount++;
    position.print(Diagnostic.Kind.ERROR, message);
  }

  /**
   * Reports {@code message} at {@code position} as {@code severity} says: an error (counted), a
   * warning, or nothing when it is off.
   */
  public void report(LintSeverity severity, String message, SourcePosition position) {
    switch (severity) {
      case ERROR -> error(message, position);
      case WARNING -> position.print(Diagnostic.Kind.WARNING, message);
      case OFF -> {}
    }
  }

  /** Prints a note, such as a stack trace under {@code -Aretort.debug=true}. */
  public void note(String message) {
    messager.printMessage(Diagnostic.Kind.NOTE, message);
  }

  /** The number of errors reported through this instance so far. */
  public int errorCount() {
    return errorCount;
  }
}
