package dev.retort.processor.writer;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Loads the class files of a compilation from memory and records each class it defines, so a test
 * can tell which classes the JVM needed. Classes it does not hold come from the parent, which
 * shares the runtime's types with the test.
 */
final class RecordingClassLoader extends ClassLoader {
  private static final String PREFIX = "/CLASS_OUTPUT/";

  private final Map<String, byte[]> classFiles;
  private final List<String> defined = new ArrayList<>();

  private RecordingClassLoader(Map<String, byte[]> classFiles, ClassLoader parent) {
    super(parent);
    this.classFiles = classFiles;
  }

  /** A loader for every class file {@code compilation} produced, the registry included. */
  static RecordingClassLoader of(Compilation compilation) {
    Map<String, byte[]> classFiles = new HashMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = file.toUri().getPath();
      String name =
          path.substring(path.indexOf(PREFIX) + PREFIX.length(), path.length() - ".class".length())
              .replace('/', '.');
      try (InputStream in = file.openInputStream()) {
        classFiles.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new RecordingClassLoader(classFiles, RecordingClassLoader.class.getClassLoader());
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null && classFiles.containsKey(name)) {
        byte[] bytes = classFiles.get(name);
        loaded = defineClass(name, bytes, 0, bytes.length);
        defined.add(name);
      }
      if (loaded == null) {
        return super.loadClass(name, resolve);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  /** The binary names of the classes defined so far, in order. */
  synchronized List<String> defined() {
    return List.copyOf(defined);
  }
}
