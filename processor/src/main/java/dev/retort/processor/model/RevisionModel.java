package dev.retort.processor.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.TypeElement;

/**
 * One {@code @Revision} class as the compiler sees it: the values of its annotation, and the
 * elements and annotation values that errors about it are attached to.
 *
 * <p>Values are as written: {@link #id()} and {@link #downs()} may be malformed, and {@link
 * #downs()} may repeat an entry. The element validator reports those; the graph uses {@link
 * #distinctDowns()}.
 *
 * @param id the {@code id} as written
 * @param downs the {@code down} entries as written, in source order
 * @param type the annotated type
 * @param annotation the {@code @Revision} annotation on {@code type}
 * @param idValue the {@code id} value, the position of errors about the id
 * @param downValues the {@code down} entries, one per entry of {@code downs}, the positions of
 *     errors about each entry
 * @param message the {@code message}, empty when not given
 * @param reversible whether {@code type} or a supertype other than {@code Migration} declares
 *     {@code downgrade(Operations)}
 * @param transactional the {@code transactional} value, true when not given
 * @param transactionalValue the {@code transactional} value as written, or null when not given
 * @param dialects the {@code dialects} entries as written, in source order; empty when not given
 * @param dialectValues the {@code dialects} entries, one per entry of {@code dialects}, the
 *     positions of errors about each entry
 * @param checksum the {@link SourceChecksum} of the class body, empty when the compiler offers no
 *     source to read
 * @param binaryName the binary name of {@code type}, as {@code Class.forName} takes it
 * @param fileName the name of the source file that declares {@code type}, e.g. {@code
 *     AddPhone.java}
 * @param allows the {@code allow} entries as written, in source order; empty when not given
 */
public record RevisionModel(
    String id,
    List<String> downs,
    TypeElement type,
    AnnotationMirror annotation,
    AnnotationValue idValue,
    List<AnnotationValue> downValues,
    String message,
    boolean reversible,
    boolean transactional,
    AnnotationValue transactionalValue,
    List<String> dialects,
    List<AnnotationValue> dialectValues,
    Optional<String> checksum,
    String binaryName,
    String fileName,
    List<Allow> allows) {

  /**
   * One {@code @Revision.Allow} entry: an exemption from a lock-safety rule, as written.
   *
   * @param rule the rule's name as written
   * @param table the table it is limited to, empty for the whole revision
   * @param reason the reason as written, possibly blank (the lint reports that)
   * @param mirror the {@code @Allow} annotation, the position of errors about it
   * @param ruleValue the {@code rule} value, the position of errors about the rule's name
   */
  public record Allow(
      String rule,
      String table,
      String reason,
      AnnotationMirror mirror,
      AnnotationValue ruleValue) {
    public Allow {
      Objects.requireNonNull(rule, "rule == null");
      Objects.requireNonNull(table, "table == null");
      Objects.requireNonNull(reason, "reason == null");
    }
  }

  public RevisionModel {
    Objects.requireNonNull(id, "id == null");
    downs = List.copyOf(downs);
    Objects.requireNonNull(type, "type == null");
    Objects.requireNonNull(annotation, "annotation == null");
    downValues = List.copyOf(downValues);
    if (downValues.size() != downs.size()) {
      throw new IllegalArgumentException("downValues.size() != downs.size()");
    }
    Objects.requireNonNull(message, "message == null");
    dialects = List.copyOf(dialects);
    dialectValues = List.copyOf(dialectValues);
    if (dialectValues.size() != dialects.size()) {
      throw new IllegalArgumentException("dialectValues.size() != dialects.size()");
    }
    Objects.requireNonNull(checksum, "checksum == null");
    Objects.requireNonNull(binaryName, "binaryName == null");
    Objects.requireNonNull(fileName, "fileName == null");
    allows = List.copyOf(allows);
  }

  /**
   * This revision with {@code checksum}: for a revision read from a class file, the checksum the
   * compile that had its source recorded.
   */
  public RevisionModel withChecksum(Optional<String> checksum) {
    return new RevisionModel(
        id,
        downs,
        type,
        annotation,
        idValue,
        downValues,
        message,
        reversible,
        transactional,
        transactionalValue,
        dialects,
        dialectValues,
        checksum,
        binaryName,
        fileName,
        allows);
  }

  /** The {@code down} entries without repeats, in source order: the edges of the graph. */
  public List<String> distinctDowns() {
    return downs.stream().distinct().toList();
  }

  /** The position of the first {@code down} entry equal to {@code down}, or null if none. */
  public AnnotationValue downValue(String down) {
    int index = downs.indexOf(down);
    return index < 0 ? null : downValues.get(index);
  }

  /** The canonical name of the class, e.g. {@code com.example.AddPhone}. */
  public String qualifiedName() {
    return type.getQualifiedName().toString();
  }

  /**
   * The class's name without its package, as messages show it: {@code AddPhone}, or {@code
   * Outer.AddPhone} for a nested class.
   */
  public String displayName() {
    String qualified = qualifiedName();
    int packageLength = packageName().length();
    return packageLength == 0 ? qualified : qualified.substring(packageLength + 1);
  }

  /** The package of the class; empty for the unnamed package. */
  public String packageName() {
    String binary = binaryName;
    int lastDot = binary.lastIndexOf('.');
    return lastDot < 0 ? "" : binary.substring(0, lastDot);
  }
}
