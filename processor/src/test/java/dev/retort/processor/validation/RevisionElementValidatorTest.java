package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.Revision;
import dev.retort.processor.RevisionProcessor;
import dev.retort.processor.Sources;
import java.io.File;
import java.net.URISyntaxException;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Checks of each revision class on its own: its shape ([Retort/InvalidRevision]) and its ids. */
class RevisionElementValidatorTest {
  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  // -----------------------------------------------------------------------------------------------
  // Class shape

  @Test
  void wellFormedClasses_compile() {
    JavaFileObject topLevel =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            public class CreateUsers implements Migration {
              public CreateUsers() {}

              public CreateUsers(String ignored) {}

              @Override
              public void upgrade(Operations op) {}
            }
            """);
    JavaFileObject nested =
        JavaFileObjects.forSourceString(
            "com.example.Revisions",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            public final class Revisions {
              @Revision(id = "9c2e", down = "77b0")
              public static final class AddEmail implements Migration {
                @Override
                public void upgrade(Operations op) {}
              }
            }
            """);

    Compilation compilation = compiler.compile(topLevel, nested);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("com.example.RetortRegistry");
  }

  @Test
  void abstractClass_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            public abstract class CreateUsers implements Migration {}
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) is abstract, but the registry"
                + " creates each revision with new CreateUsers(); remove abstract, or put"
                + " @Revision on a concrete subclass")
        .inFile(source)
        .onLineContaining("public abstract class CreateUsers");
  }

  @Test
  void nonPublicClass_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            final class CreateUsers implements Migration {
              @Override
              public void upgrade(Operations op) {}
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) is not public, but the"
                + " generated RetortRegistry must create it from its own package; make"
                + " CreateUsers public")
        .inFile(source)
        .onLineContaining("final class CreateUsers");
  }

  @Test
  void innerClass_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.Revisions",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            public final class Revisions {
              @Revision(id = "77b0")
              public final class CreateUsers implements Migration {
                @Override
                public void upgrade(Operations op) {}
              }
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] Revisions.CreateUsers (Revisions.java) is an inner class,"
                + " which cannot be created without an instance of Revisions; declare it static,"
                + " or move it to a file of its own")
        .inFile(source)
        .onLineContaining("public final class CreateUsers");
  }

  @Test
  void nestedInNonPublicClass_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.Revisions",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            final class Revisions {
              @Revision(id = "77b0")
              public static final class CreateUsers implements Migration {
                @Override
                public void upgrade(Operations op) {}
              }
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] Revisions.CreateUsers (Revisions.java) is nested in"
                + " Revisions, which is not public, so the generated RetortRegistry cannot reach"
                + " it; make Revisions public, or move CreateUsers to a file of its own")
        .inFile(source)
        .onLineContaining("public static final class CreateUsers");
  }

  @Test
  void noPublicNoArgConstructor_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            public final class CreateUsers implements Migration {
              private CreateUsers() {}

              public CreateUsers(String table) {}

              @Override
              public void upgrade(Operations op) {}
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) has no public no-argument"
                + " constructor, which the registry calls to create it; add public CreateUsers()"
                + " {}")
        .inFile(source)
        .onLineContaining("public final class CreateUsers");
  }

  @Test
  void typeParameters_failOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "77b0")
            public final class CreateUsers<T> implements Migration {
              @Override
              public void upgrade(Operations op) {}
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) has type parameters <T>, but"
                + " the registry creates it with a plain new CreateUsers(); remove the type"
                + " parameters")
        .inFile(source)
        .onLineContaining("public final class CreateUsers<T>");
  }

  @Test
  void notImplementingMigration_failsOnClass() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "77b0")
            public final class CreateUsers {
              public void upgrade() {}
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) does not implement"
                + " dev.retort.runtime.Migration, so the runtime cannot run it; declare it as"
                + " class CreateUsers implements Migration and implement upgrade(Operations)")
        .inFile(source)
        .onLineContaining("public final class CreateUsers");
  }

  @Test
  void interface_failsOnType() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;

            @Revision(id = "77b0")
            public interface CreateUsers extends Migration {}
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] CreateUsers (CreateUsers.java) is an interface, but"
                + " @Revision goes only on classes; make CreateUsers a public class that"
                + " implements dev.retort.runtime.Migration")
        .inFile(source)
        .onLineContaining("public interface CreateUsers");
  }

  @Test
  void enumAndRecord_failOnType() {
    JavaFileObject enumSource =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "77b0")
            public enum CreateUsers {}
            """);
    JavaFileObject recordSource =
        JavaFileObjects.forSourceString(
            "com.example.AddEmail",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "9c2e", down = "77b0")
            public record AddEmail() {}
            """);

    Compilation compilation = compiler.compile(enumSource, recordSource);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("CreateUsers (CreateUsers.java) is an enum, but @Revision goes only")
        .inFile(enumSource)
        .onLineContaining("public enum CreateUsers");
    assertThat(compilation)
        .hadErrorContaining("AddEmail (AddEmail.java) is a record, but @Revision goes only")
        .inFile(recordSource)
        .onLineContaining("public record AddEmail");
  }

  @Test
  void severalProblemsInOneClass_reportsEach() {
    JavaFileObject source =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "77-b0")
            abstract class CreateUsers {
              CreateUsers(int version) {}
            }
            """);

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation).hadErrorContaining("CreateUsers (CreateUsers.java) is not public");
    assertThat(compilation).hadErrorContaining("CreateUsers (CreateUsers.java) is abstract");
    assertThat(compilation)
        .hadErrorContaining("CreateUsers (CreateUsers.java) has no public no-argument");
    assertThat(compilation).hadErrorContaining("CreateUsers (CreateUsers.java) does not implement");
    assertThat(compilation)
        .hadErrorContaining("[Retort/InvalidId] CreateUsers (CreateUsers.java) has id = \"77-b0\"")
        .inFile(source)
        .onLineContaining("@Revision(id = \"77-b0\")");
  }

  @Test
  void runtimeNotOnClassPath_failsOnceNamingTheDependency() throws URISyntaxException {
    JavaFileObject createUsers =
        JavaFileObjects.forSourceString(
            "com.example.CreateUsers",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "77b0")
            public final class CreateUsers {}
            """);
    JavaFileObject addEmail =
        JavaFileObjects.forSourceString(
            "com.example.AddEmail",
            """
            package com.example;

            import dev.retort.Revision;

            @Revision(id = "9c2e", down = "77b0")
            public final class AddEmail {}
            """);
    File annotationsOnly =
        new File(Revision.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    Compilation compilation =
        compiler.withClasspath(List.of(annotationsOnly)).compile(createUsers, addEmail);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidRevision] dev.retort.runtime.Migration is not on the class path, so"
                + " AddEmail (AddEmail.java) cannot implement it; add the"
                + " dev.retort:retort-runtime dependency to this module")
        .inFile(addEmail)
        .onLineContaining("public final class AddEmail");
  }

  // -----------------------------------------------------------------------------------------------
  // Ids

  @Test
  void wellFormedIds_compile() {
    Compilation compilation =
        compiler.compile(
            Sources.revision("com.example.A", "@Revision(id = \"a\")"),
            Sources.revision(
                "com.example.B",
                "@Revision(id = \"Bx_2026_11_23_add_phone_to_users\", down = \"a\")"),
            Sources.revision(
                "com.example.C",
                "@Revision(id = \"headless\", down = \"Bx_2026_11_23_add_phone_to_users\")"));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void emptyId_failsOnId() {
    JavaFileObject source = Sources.revision("com.example.CreateUsers", "@Revision(id = \"\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] CreateUsers (CreateUsers.java) has id = \"\", but an id is 1 to 32"
                + " characters from [A-Za-z0-9_]; give it one, e.g. 12 random hex digits as"
                + " Alembic makes them")
        .inFile(source)
        .onLineContaining("@Revision(id = \"\")");
  }

  @Test
  void idWithSpace_failsSuggestingUnderscore() {
    JavaFileObject source =
        Sources.revision("com.example.AddPhone", "@Revision(id = \"add phone\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddPhone (AddPhone.java) has id = \"add phone\", but an id is 1 to"
                + " 32 characters from [A-Za-z0-9_], and this one contains ' '; use id ="
                + " \"add_phone\"")
        .inFile(source)
        .onLineContaining("@Revision(id = \"add phone\")");
  }

  @Test
  void idWithDashes_failsSuggestingUnderscores() {
    JavaFileObject source =
        Sources.revision("com.example.AddPhone", "@Revision(id = \"2026-11-23.add-phone\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "has id = \"2026-11-23.add-phone\", but an id is 1 to 32 characters from"
                + " [A-Za-z0-9_], and this one contains '-' and '.'; use id ="
                + " \"2026_11_23_add_phone\"")
        .inFile(source)
        .onLineContaining("@Revision(id = \"2026-11-23.add-phone\")");
  }

  @Test
  void tooLongId_failsSuggestingPrefix() {
    String id = "a1f3c9e07b55a1f3c9e07b55a1f3c9e07b55"; // 36 characters
    JavaFileObject source =
        Sources.revision("com.example.AddPhone", "@Revision(id = \"" + id + "\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddPhone (AddPhone.java) has id ="
                + " \"a1f3c9e07b55a1f3c9e07b55a1f3c9e07b55\", but an id is 1 to 32 characters from"
                + " [A-Za-z0-9_], and this one has 36; shorten it, e.g. to id ="
                + " \"a1f3c9e07b55a1f3c9e07b55a1f3c9e0\"")
        .inFile(source)
        .onLineContaining("@Revision(id =");
  }

  @Test
  void reservedWordAsId_failsInAnyCase() {
    JavaFileObject source = Sources.revision("com.example.CreateUsers", "@Revision(id = \"Head\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] CreateUsers (CreateUsers.java) has id = \"Head\", but head, heads"
                + " and base (in any case) are reserved: they name targets of upgrade and"
                + " downgrade; choose another id")
        .inFile(source)
        .onLineContaining("@Revision(id = \"Head\")");
  }

  @Test
  void malformedDownEntries_failOnEachEntry() {
    JavaFileObject base = Sources.revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject source =
        Sources.revision(
            "com.example.AddEmail",
            "@Revision(id = \"9c2e\", down = {\"77b0\", \"base\", \"7-b0\", \"\"})");

    Compilation compilation = compiler.compile(base, source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddEmail (AddEmail.java) has \"base\" in down, but head, heads and"
                + " base (in any case) are reserved: they name targets of upgrade and downgrade;"
                + " write the id of the revision AddEmail follows")
        .inFile(source)
        .onLineContaining("down = {\"77b0\", \"base\"");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddEmail (AddEmail.java) has \"7-b0\" in down, but an id is 1 to"
                + " 32 characters from [A-Za-z0-9_], and this one contains '-'; use \"7_b0\"");
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddEmail (AddEmail.java) has \"\" in down, but an id is 1 to 32"
                + " characters from [A-Za-z0-9_]; write the id of the revision AddEmail follows,"
                + " or remove the empty entry");
  }

  @Test
  void repeatedDownEntry_failsOnSecondOccurrence() {
    JavaFileObject base = Sources.revision("com.example.CreateUsers", "@Revision(id = \"77b0\")");
    JavaFileObject source =
        Sources.revision(
            "com.example.AddEmail",
            """
            @Revision(
                id = "9c2e",
                down = {
                  "77b0",
                  "77b0" // again
                })\
            """);

    Compilation compilation = compiler.compile(base, source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidId] AddEmail (AddEmail.java) names \"77b0\" twice in down ="
                + " {\"77b0\", \"77b0\"}; remove the second \"77b0\"")
        .inFile(source)
        .onLineContaining("// again");
  }

  @Test
  void malformedIds_areNotReportedAgainAsDangling() {
    JavaFileObject source =
        Sources.revision("com.example.AddEmail", "@Revision(id = \"9c2e\", down = \"7 b0\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation.errors().get(0).getMessage(null)).startsWith("[Retort/InvalidId]");
  }

  // ---- @Revision(lockTimeout = ..., statementTimeout = ...)

  @Test
  void timeoutWithoutAUnit_failsOnTheValue() {
    JavaFileObject source =
        Sources.revision(
            "com.example.AddStatus", "@Revision(id = \"1b7e\", lockTimeout = \"10\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/InvalidTimeout] revision 1b7e (AddStatus.java) has lockTimeout = "10", which is not a \
timeout
  write a whole number with a unit: "500ms", "10s", "2m" or "1h" (at most 596h), "0" for no \
limit, or leave lockTimeout out to use the configured default\
""")
        .inFile(source)
        .onLineContaining("lockTimeout = \"10\"");
  }

  @Test
  void statementTimeoutAbovePostgresLimit_fails() {
    JavaFileObject source =
        Sources.revision(
            "com.example.AddStatus", "@Revision(id = \"1b7e\", statementTimeout = \"600h\")");

    Compilation compilation = compiler.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/InvalidTimeout] revision 1b7e (AddStatus.java) has statementTimeout ="
                + " \"600h\", which is not a timeout")
        .inFile(source)
        .onLineContaining("statementTimeout");
  }

  @Test
  void wellFormedTimeouts_compile() {
    JavaFileObject source =
        Sources.revision(
            "com.example.AddStatus",
            "@Revision(id = \"1b7e\", lockTimeout = \"500ms\", statementTimeout = \"0\")");

    assertThat(compiler.compile(source)).succeededWithoutWarnings();
  }
}
