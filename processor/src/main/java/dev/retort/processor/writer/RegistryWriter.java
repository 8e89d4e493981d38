package dev.retort.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.TargetDialect;
import dev.retort.processor.validation.ValidatedGraph;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes {@code RetortRegistry}, the {@code RevisionRegistry} of one module, and the {@code
 * META-INF/services} entry through which {@link java.util.ServiceLoader} finds it.
 *
 * <p>The registry holds plain data and constructor calls. Reading {@code revisions()} or {@code
 * heads()} loads no revision class; {@code create(i)} loads exactly one. It must also compile for
 * 10,000 revisions, within the JVM's limits of 64 KB of bytecode per method and 65,535
 * constant-pool entries per class: revisions therefore live in nested classes {@code Part0}, {@code
 * Part1}, ... of at most {@link #PART_SIZE} each (about 15 KB of bytecode and 7,000 constants), and
 * the registry's own methods only dispatch to them. Small graphs get the same shape, so that there
 * is one shape to test.
 */
public final class RegistryWriter {
  /** The generated class's simple name, documented for users. */
  public static final String REGISTRY_NAME = "RetortRegistry";

  /** Revisions per nested Part class. */
  public static final int PART_SIZE = 500;

  /** Where the registry goes when the revisions share no package. */
  public static final String FALLBACK_PACKAGE = "retort";

  private static final String PROCESSOR = "dev.retort.processor.RevisionProcessor";
  private static final String GENERATED = "javax.annotation.processing.Generated";
  private static final ClassName REVISION_REGISTRY =
      ClassName.get("dev.retort.runtime", "RevisionRegistry");
  private static final ClassName REVISION_INFO =
      ClassName.get("dev.retort.runtime", "RevisionInfo");
  private static final ClassName ALLOWANCE = REVISION_INFO.nestedClass("Allowance");
  private static final ClassName MIGRATION = ClassName.get("dev.retort.runtime", "Migration");
  private static final ClassName DATABASE = ClassName.get("dev.retort.runtime", "Database");
  private static final TypeName DATABASE_SET =
      ParameterizedTypeName.get(ClassName.get(Set.class), DATABASE);
  private static final TypeName INFO_LIST =
      ParameterizedTypeName.get(ClassName.get(List.class), REVISION_INFO);
  private static final TypeName STRING_LIST =
      ParameterizedTypeName.get(ClassName.get(List.class), ClassName.get(String.class));

  private final Filer filer;
  private final Elements elements;

  /** Writes through {@code filer}; {@code elements} tells whether {@code @Generated} exists. */
  public RegistryWriter(Filer filer, Elements elements) {
    this.filer = filer;
    this.elements = elements;
  }

  /**
   * The default package of the registry: the longest package prefix the revision classes share, by
   * whole segments ({@code com.example.db} for {@code com.example.db.a} and {@code
   * com.example.db.b}), or {@link #FALLBACK_PACKAGE} if they share none.
   */
  public static String commonPackage(List<RevisionModel> revisions) {
    List<String> common = null;
    for (RevisionModel revision : revisions) {
      List<String> segments =
          revision.packageName().isEmpty()
              ? List.of()
              : List.of(revision.packageName().split("\\."));
      if (common == null) {
        common = segments;
      } else {
        int shared = 0;
        while (shared < common.size()
            && shared < segments.size()
            && common.get(shared).equals(segments.get(shared))) {
          shared++;
        }
        common = common.subList(0, shared);
      }
    }
    return common == null || common.isEmpty() ? FALLBACK_PACKAGE : String.join(".", common);
  }

  /** Writes the registry for {@code graph} into {@code packageName}; returns its binary name. */
  public String write(ValidatedGraph graph, String packageName) throws IOException {
    ClassName registry = ClassName.get(packageName, REGISTRY_NAME);
    List<Element> originating = graph.revisions().stream().map(r -> (Element) r.type()).toList();
    boolean generated = elements.getTypeElement(GENERATED) != null; // absent with --release 8
    JavaFile.builder(packageName, registry(registry, graph, originating, generated))
        .skipJavaLangImports(true)
        .indent("  ")
        .build()
        .writeTo(filer);

    String binaryName = packageName + "." + REGISTRY_NAME;
    FileObject services =
        filer.createResource(
            StandardLocation.CLASS_OUTPUT,
            "",
            "META-INF/services/" + REVISION_REGISTRY.canonicalName(),
            originating.toArray(new Element[0]));
    try (Writer writer = services.openWriter()) {
      writer.write(binaryName + "\n");
    }
    return binaryName;
  }

  /** The registry's source, for tests and debugging; {@link #write} writes the same. */
  TypeSpec registry(
      ClassName registry, ValidatedGraph graph, List<Element> originating, boolean generated) {
    List<RevisionModel> revisions = graph.revisions();
    int partCount = Math.max(1, (revisions.size() + PART_SIZE - 1) / PART_SIZE);

    TypeSpec.Builder type =
        TypeSpec.classBuilder(registry)
            .addJavadoc(
                "All revisions of this module, for the Retort runtime: pass {@link #INSTANCE} to\n"
                    + "{@code Retort.configure().registry(...)}, or let {@link"
                    + " java.util.ServiceLoader} find it.\n"
                    + "\n"
                    + "<p>Generated by the Retort annotation processor from the classes annotated"
                    + " with\n"
                    + "{@code @Revision}; do not edit. {@link #revisions()} and {@link #heads()}"
                    + " load no\n"
                    + "revision class; {@link #create(int)} loads only the one it creates.\n")
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addSuperinterface(REVISION_REGISTRY);
    originating.forEach(type::addOriginatingElement);
    if (generated) {
      type.addAnnotation(
          AnnotationSpec.builder(ClassName.bestGuess(GENERATED))
              .addMember("value", "$S", PROCESSOR)
              .build());
    }

    type.addField(
        FieldSpec.builder(registry, "INSTANCE", Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "The registry, for {@code Retort.configure().registry(RetortRegistry.INSTANCE)}.\n")
            .initializer("new $T()", registry)
            .build());
    type.addField(
        FieldSpec.builder(STRING_LIST, "HEADS", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$L", listOf(graph.heads()))
            .build());
    type.addField(
        FieldSpec.builder(String.class, "DIGEST", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$S", digest(revisions))
            .build());
    type.addField(
        FieldSpec.builder(
                TypeName.INT, "PART_SIZE", Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addJavadoc(
                "Revisions per {@code Part} class, which keeps each class within JVM limits.\n")
            .initializer("$L", PART_SIZE)
            .build());

    type.addMethod(
        MethodSpec.constructorBuilder()
            .addJavadoc("For {@link java.util.ServiceLoader}; use {@link #INSTANCE}.\n")
            .addModifiers(Modifier.PUBLIC)
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("revisions")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(INFO_LIST)
            .addStatement("return Revisions.ALL")
            .build());
    type.addMethod(
        MethodSpec.methodBuilder("heads")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(STRING_LIST)
            .addStatement("return HEADS")
            .build());

    type.addMethod(
        MethodSpec.methodBuilder("digest")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return DIGEST")
            .build());

    CodeBlock.Builder dispatch = CodeBlock.builder().add("return switch (index / PART_SIZE) {\n$>");
    for (int part = 0; part < partCount; part++) {
      dispatch.add("case $L -> Part$L.create(index);\n", part, part);
    }
    dispatch.add("default -> throw new $T(index);\n$<};\n", IndexOutOfBoundsException.class);
    type.addMethod(
        MethodSpec.methodBuilder("create")
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .returns(MIGRATION)
            .addParameter(TypeName.INT, "index")
            .addCode(dispatch.build())
            .build());

    CodeBlock.Builder build =
        CodeBlock.builder()
            .addStatement("$T all = new $T<>($L)", INFO_LIST, ArrayList.class, revisions.size());
    for (int part = 0; part < partCount; part++) {
      build.addStatement("$T.addAll(all, Part$L.revisions())", Collections.class, part);
    }
    build.addStatement("return $T.copyOf(all)", List.class);
    type.addType(
        TypeSpec.classBuilder("Revisions")
            .addJavadoc(
                "Holds the revision list. The JVM initializes this class, and so builds the list,"
                    + " on the\nfirst call to {@link #revisions()}.\n")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .addField(
                FieldSpec.builder(INFO_LIST, "ALL", Modifier.STATIC, Modifier.FINAL)
                    .initializer("build()")
                    .build())
            .addMethod(
                MethodSpec.methodBuilder("build")
                    .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
                    .returns(INFO_LIST)
                    .addCode(build.build())
                    .build())
            .build());

    // Thousands of data rows call this one non-generic method, which javac resolves at once;
    // List.of has twelve overloads and a type argument to infer for every call.
    type.addMethod(
        MethodSpec.methodBuilder("info")
            .addJavadoc(
                "One revision's facts; {@code downs} is its down ids joined by commas, which an id"
                    + " cannot\ncontain, and {@code dialects} the databases it runs on, empty for"
                    + " all.\n")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(REVISION_INFO)
            .addParameter(String.class, "id")
            .addParameter(String.class, "downs")
            .addParameter(String.class, "message")
            .addParameter(String.class, "className")
            .addParameter(TypeName.BOOLEAN, "reversible")
            .addParameter(TypeName.BOOLEAN, "transactional")
            .addParameter(String.class, "checksum")
            .addParameter(String.class, "dialects")
            .addStatement(
                "$T downIds = downs.isEmpty() ? $T.of() : $T.of(downs.split(\",\"))",
                STRING_LIST,
                List.class,
                List.class)
            .addStatement(
                "$T targets = dialects.isEmpty() ? $T.of() : $T.named(dialects.split(\",\"))",
                DATABASE_SET,
                Set.class,
                DATABASE)
            .addStatement(
                "return new $T(id, downIds, message, className, reversible, transactional,"
                    + " checksum, targets)",
                REVISION_INFO)
            .build());

    if (revisions.stream().anyMatch(revision -> !revision.allows().isEmpty())) {
      // Only when some revision has one: every other registry stays as it was.
      type.addMethod(
          MethodSpec.methodBuilder("allowing")
              .addJavadoc(
                  "{@code info} with the lock-safety rules it is exempt from: rule, table (empty for"
                      + " all)\nand reason, three strings each.\n")
              .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
              .returns(REVISION_INFO)
              .addParameter(REVISION_INFO, "info")
              .addParameter(String[].class, "allows")
              .varargs()
              .addStatement(
                  "$T<$T> list = new $T<>()", List.class, ALLOWANCE, ArrayList.class)
              .beginControlFlow("for (int i = 0; i < allows.length; i += 3)")
              .addStatement("list.add(new $T(allows[i], allows[i + 1], allows[i + 2]))", ALLOWANCE)
              .endControlFlow()
              .addStatement("return info.withAllowances(list)")
              .build());
    }
    for (int part = 0; part < partCount; part++) {
      int from = part * PART_SIZE;
      int to = Math.min(revisions.size(), from + PART_SIZE);
      type.addType(part(part, from, revisions.subList(from, to)));
    }
    return type.build();
  }

  private TypeSpec part(int part, int from, List<RevisionModel> revisions) {
    // The rows are formatted here, not as one JavaPoet statement each: for thousands of revisions
    // JavaPoet's per-argument formatting was half of the processor's own time.
    StringBuilder rows = new StringBuilder("return new $T[] {\n$>");
    for (RevisionModel revision : revisions) {
      if (!revision.allows().isEmpty()) {
        rows.append("allowing(");
      }
      rows.append("info(")
          .append(literal(revision.id()))
          .append(",$W")
          .append(literal(String.join(",", revision.distinctDowns())))
          .append(",$W")
          .append(literal(revision.message()))
          .append(",$W")
          // A string, never a class literal: a literal would make revisions() load the class.
          .append(literal(revision.binaryName()))
          .append(",$W")
          .append(revision.reversible())
          .append(",$W")
          .append(revision.transactional())
          .append(",$W")
          .append(revision.checksum().map(this::literal).orElse("null"))
          .append(",$W")
          .append(literal(dialects(revision)))
          .append(")");
      for (RevisionModel.Allow allow : revision.allows()) {
        rows.append(",$W")
            .append(literal(allow.rule()))
            .append(", ")
            .append(literal(allow.table()))
            .append(", ")
            .append(literal(allow.reason()));
      }
      rows.append(revision.allows().isEmpty() ? ",\n" : "),\n");
    }
    rows.append("$<};\n");
    CodeBlock add = CodeBlock.of(rows.toString(), REVISION_INFO);

    // A plain `new` per revision, not a constructor reference (AddPhone::new): linking a method
    // reference bootstraps an invokedynamic call site, which loads the class and spins a hidden
    // class for each of possibly thousands of revisions. A `new` resolves only when its case runs.
    CodeBlock.Builder create = CodeBlock.builder().add("return switch (index) {\n$>");
    for (int i = 0; i < revisions.size(); i++) {
      create.add("case $L -> new $T();\n", from + i, ClassName.get(revisions.get(i).type()));
    }
    create.add("default -> throw new $T(index);\n$<};\n", IndexOutOfBoundsException.class);

    return TypeSpec.classBuilder("Part" + part)
        .addJavadoc("Revisions $L to $L.\n", from, from + Math.max(0, revisions.size() - 1))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
        .addMethod(
            MethodSpec.methodBuilder("revisions")
                .addModifiers(Modifier.STATIC)
                .returns(ArrayTypeName.of(REVISION_INFO))
                .addCode(add)
                .build())
        .addMethod(
            MethodSpec.methodBuilder("create")
                .addModifiers(Modifier.STATIC)
                .returns(MIGRATION)
                .addParameter(TypeName.INT, "index")
                .addCode(create.build())
                .build())
        .build();
  }

  /**
   * The databases {@code revision} names in {@code @Revision(dialects = ...)}, each once, in a
   * fixed order, joined by commas; empty when it names none. The element validator has rejected any
   * other name before anything is generated.
   */
  private static String dialects(RevisionModel revision) {
    return Arrays.stream(TargetDialect.values())
        .map(TargetDialect::optionName)
        .filter(revision.dialects()::contains)
        .collect(Collectors.joining(","));
  }

  /**
   * The registry's {@code digest()}: SHA-256 over each revision's id and checksum (empty when the
   * source was not available), in topological order, NUL between id and checksum and a newline
   * after each, which neither can contain. The runtime compares it as an opaque string.
   */
  static String digest(List<RevisionModel> revisions) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    for (RevisionModel revision : revisions) {
      sha256.update(revision.id().getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(revision.checksum().orElse("").getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) '\n');
    }
    return HexFormat.of().formatHex(sha256.digest());
  }

  /** {@code List.of()}, {@code List.of("a", "b")}. */
  private static CodeBlock listOf(List<String> values) {
    CodeBlock arguments =
        values.stream().map(value -> CodeBlock.of("$S", value)).collect(CodeBlock.joining(", "));
    return CodeBlock.of("$T.of($L)", List.class, arguments);
  }

  /**
   * {@code value} as a Java string literal, escaped by javac itself, with {@code $} doubled for
   * JavaPoet's format.
   */
  private String literal(String value) {
    return elements.getConstantExpression(value).replace("$", "$$");
  }
}
