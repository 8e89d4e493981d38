package dev.retort.commands.internal;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.lang.model.element.Modifier;

/** Writes a new revision class with JavaPoet: the annotation, empty bodies, the imports in place. */
public final class RevisionSourceWriter {
  private static final ClassName REVISION = ClassName.get("dev.retort", "Revision");
  private static final ClassName MIGRATION = ClassName.get("dev.retort.runtime", "Migration");
  private static final ClassName OPERATIONS = ClassName.get("dev.retort.runtime.ops", "Operations");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_]{1,32}");

  private RevisionSourceWriter() {}

  /** A fresh random id of 12 hex digits, as Alembic makes. */
  public static String newId() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** Null when {@code id} is a valid revision id, else why not. */
  public static String checkId(String id) {
    if (!ID.matcher(id).matches()) {
      return "a revision id is 1 to 32 characters from [A-Za-z0-9_]";
    }
    String lower = id.toLowerCase(Locale.ROOT);
    if (lower.equals("head") || lower.equals("heads") || lower.equals("base")) {
      return "head, heads and base are reserved";
    }
    return null;
  }

  /** {@code AddPhoneToResource} from "add phone to resource"; null when no letter or digit. */
  public static String className(String message) {
    StringBuilder name = new StringBuilder();
    for (String word : message.split("[^A-Za-z0-9]+")) {
      if (!word.isEmpty()) {
        name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      }
    }
    if (name.length() == 0) {
      return null;
    }
    if (Character.isDigit(name.charAt(0))) {
      name.insert(0, "Revision");
    }
    return name.length() > 80 ? name.substring(0, 80) : name.toString();
  }

  /**
   * Writes {@code packageName.className} under {@code sourceDir}; returns the file.
   *
   * @throws IllegalStateException when the file exists
   */
  public static Path write(
      Path sourceDir,
      String packageName,
      String className,
      String id,
      List<String> downs,
      String message) {
    return write(sourceDir, packageName, className, id, downs, message, null);
  }

  /**
   * Writes a revision whose bodies are {@code bodies} (null for empty ones), marked for the one
   * database the bodies were generated from.
   *
   * @throws IllegalStateException when the file exists
   */
  public static Path write(
      Path sourceDir,
      String packageName,
      String className,
      String id,
      List<String> downs,
      String message,
      dev.retort.commands.internal.autogen.Autogenerate bodies) {
    // One line, as the README writes revisions. JavaPoet breaks an annotation over lines unless
    // it has a single member named value, which it writes inline; so the members are that block.
    CodeBlock.Builder members = CodeBlock.builder().add("id = $S", id);
    if (downs.size() == 1) {
      members.add(", down = $S", downs.get(0));
    } else if (downs.size() > 1) {
      members.add(
          ", down = {$L}",
          CodeBlock.join(downs.stream().map(d -> CodeBlock.of("$S", d)).toList(), ", "));
    }
    if (!message.isEmpty()) {
      members.add(", message = $S", message);
    }
    if (bodies != null) {
      // The bodies hold this database's types and its ALTER TABLE rules.
      members.add(", dialects = $S", bodies.dialect());
      if (!bodies.transactional()) {
        // PostgreSQL's CONCURRENTLY runs only outside a transaction (and VALIDATE gains only
        // when it commits apart from the NOT VALID that came before it).
        members.add(", transactional = false");
      }
    }
    AnnotationSpec annotation =
        AnnotationSpec.builder(REVISION).addMember("value", members.build()).build();
    TypeSpec type =
        TypeSpec.classBuilder(className)
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addAnnotation(annotation)
            .addSuperinterface(MIGRATION)
            .addMethod(body("upgrade", bodies == null ? null : bodies.upgrade()))
            .addMethod(body("downgrade", bodies == null ? null : bodies.downgrade()))
            .build();
    JavaFile file =
        JavaFile.builder(packageName, type).skipJavaLangImports(true).indent("  ").build();
    Path target = sourceDir;
    for (String part : packageName.isEmpty() ? new String[0] : packageName.split("\\.")) {
      target = target.resolve(part);
    }
    target = target.resolve(className + ".java");
    if (Files.exists(target)) {
      throw new IllegalStateException(target.toString());
    }
    try {
      Files.createDirectories(target.getParent());
      Files.writeString(target, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    return target;
  }

  private static MethodSpec body(String name, CodeBlock code) {
    MethodSpec.Builder method =
        MethodSpec.methodBuilder(name)
            .addAnnotation(Override.class)
            .addModifiers(Modifier.PUBLIC)
            .addParameter(OPERATIONS, "op");
    if (code != null) {
      method.addCode(code);
    }
    return method.build();
  }
}
