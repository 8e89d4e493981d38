package dev.retort.processor;

import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Test sources: a revision class whose only interesting part is its annotation. */
public final class Sources {
  private Sources() {}

  /**
   * A public final revision class {@code qualifiedName} that implements {@code Migration}, with
   * {@code annotation} alone on line 7 so that tests can find it with {@code onLineContaining}.
   */
  public static JavaFileObject revision(String qualifiedName, String annotation) {
    return revision(qualifiedName, annotation, "");
  }

  /** As {@link #revision(String, String)}, with {@code members} added to the class body. */
  public static JavaFileObject revision(String qualifiedName, String annotation, String members) {
    int dot = qualifiedName.lastIndexOf('.');
    String packageName = qualifiedName.substring(0, dot);
    String simpleName = qualifiedName.substring(dot + 1);
    return JavaFileObjects.forSourceString(
        qualifiedName,
        """
        package %s;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        %s
        public final class %s implements Migration {
          @Override
          public void upgrade(Operations op) {}
        %s}
        """
            .formatted(packageName, annotation, simpleName, members));
  }

  /** A revision class that overrides {@code downgrade}. */
  public static JavaFileObject reversibleRevision(String qualifiedName, String annotation) {
    return revision(
        qualifiedName,
        annotation,
        """

  @Override
  public void downgrade(Operations op) {}
""");
  }
}
