package dev.retort.processor.model;

import com.sun.source.util.Trees;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;

/**
 * javac's tree API for a processing environment, where there is one.
 *
 * <p>Build tools wrap javac's environment: Gradle's incremental compilation hands processors an
 * {@code IncrementalProcessingEnvironment} that keeps javac's in a field named {@code delegate};
 * IntelliJ's build hands them a {@link Proxy} whose invocation handler keeps it in a captured
 * variable ({@code val$delegateTo}, IDEA-256707); kapt keeps it in {@code processingEnv}. {@link
 * Trees#instance} refuses all of them, so this class unwraps them first, as Lombok, MapStruct's
 * and many other processors do: the known field names first, then any field that holds a {@link
 * ProcessingEnvironment}, through as many layers as there are. Reflection is fine here: it runs in
 * the compiler, never in the application.
 *
 * <p>Where nothing unwraps (another compiler such as ecj, or a wrapper that hides javac's
 * environment), there is no tree API, and every feature that reads source text degrades; the
 * processor then says so in one note rather than staying silent.
 */
public final class SourceTrees {
  /** Field names that hold the wrapped environment: Gradle, IntelliJ's proxy handler, kapt. */
  private static final List<String> KNOWN_FIELDS =
      List.of("delegate", "val$delegateTo", "delegateTo", "processingEnv");

  /** Wrappers around wrappers exist (a proxy around Gradle's, say), but not many. */
  private static final int MAX_DEPTH = 8;

  private SourceTrees() {}

  /** The {@link Trees} of {@code env} or of the javac environment it wraps, or empty. */
  public static Optional<Trees> of(ProcessingEnvironment env) {
    Map<Object, Boolean> seen = new IdentityHashMap<>();
    ProcessingEnvironment current = env;
    for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
      if (seen.put(current, Boolean.TRUE) != null) {
        return Optional.empty(); // a wrapper that points back at itself
      }
      Optional<Trees> trees = treesOf(current);
      if (trees.isPresent()) {
        return trees;
      }
      current = unwrapOnce(current);
    }
    return Optional.empty();
  }

  private static Optional<Trees> treesOf(ProcessingEnvironment env) {
    try {
      return Optional.of(Trees.instance(env));
    } catch (RuntimeException | LinkageError e) {
      // IllegalArgumentException for a foreign environment; NoClassDefFoundError without
      // jdk.compiler.
      return Optional.empty();
    }
  }

  /**
   * The environment that {@code env} wraps, or null. A proxy is unwrapped through its invocation
   * handler; any other object through its own fields.
   */
  static ProcessingEnvironment unwrapOnce(ProcessingEnvironment env) {
    Object holder = env;
    if (Proxy.isProxyClass(env.getClass())) {
      try {
        InvocationHandler handler = Proxy.getInvocationHandler(env);
        holder = handler;
      } catch (RuntimeException e) {
        return null;
      }
    }
    List<Field> fields = fieldsOf(holder.getClass());
    for (String name : KNOWN_FIELDS) {
      for (Field field : fields) {
        if (field.getName().equals(name)) {
          ProcessingEnvironment found = read(field, holder, env);
          if (found != null) {
            return found;
          }
        }
      }
    }
    for (Field field : fields) {
      if (!KNOWN_FIELDS.contains(field.getName())) {
        ProcessingEnvironment found = read(field, holder, env);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /** Instance fields of {@code type} and its superclasses, the most specific class first. */
  private static List<Field> fieldsOf(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      try {
        for (Field field : c.getDeclaredFields()) {
          if (!Modifier.isStatic(field.getModifiers())) {
            fields.add(field);
          }
        }
      } catch (RuntimeException | LinkageError e) {
        // a class whose fields cannot be listed: skip it
      }
    }
    return fields;
  }

  private static ProcessingEnvironment read(Field field, Object holder, Object self) {
    try {
      field.setAccessible(true);
      Object value = field.get(holder);
      return value instanceof ProcessingEnvironment inner && value != self ? inner : null;
    } catch (RuntimeException | IllegalAccessException e) {
      // InaccessibleObjectException from a module that does not open the package
      return null;
    }
  }
}
