package dev.retort.processor.validation;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class NonTransactionalValidatorTest {
  private static final JavaFileObject CREATE_USERS =
      revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")");

  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  /** AddIndex, 1b7e after 77b0, with {@code annotation} and {@code members} as given. */
  private static JavaFileObject addIndex(String annotation, String members) {
    return JavaFileObjects.forSourceString(
        "com.example.db.AddIndex",
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        %s
        public final class AddIndex implements Migration {
        %s}
        """
            .formatted(annotation, members));
  }

  private static JavaFileObject addIndex(String members) {
    return addIndex("@Revision(id = \"1b7e\", down = {\"77b0\"})", members);
  }

  @Test
  void createIndexConcurrentlyLiteral_failsOnTheCall() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/NonTransactional] revision 1b7e (AddIndex.java) runs CREATE INDEX CONCURRENTLY \
inside its transaction, which the database refuses
  add transactional = false to its @Revision: @Revision(id = "1b7e", down = {"77b0"}, \
transactional = false)\
""")
        .inFile(addIndex)
        .onLineContaining("op.execute(\"CREATE INDEX CONCURRENTLY");
  }

  @Test
  void createUniqueIndexConcurrentlyTextBlock_fails() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                op.execute(
                    \"""
                    create unique index concurrently ix_users_email
                      on users (email)
                    \""");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.NON_TRANSACTIONAL
                + " revision 1b7e (AddIndex.java) runs CREATE UNIQUE INDEX CONCURRENTLY inside its"
                + " transaction")
        .inFile(addIndex)
        .onLineContaining("op.execute(");
  }

  @Test
  void concatenationOfLiteralsAndConstants_fails() {
    JavaFileObject addIndex =
        addIndex(
            """
              private static final String INDEX = "ix_users_email";

              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX " + "CONCURRENTLY " + INDEX + " ON users (email)");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.NON_TRANSACTIONAL
                + " revision 1b7e (AddIndex.java) runs"
                + " CREATE INDEX CONCURRENTLY")
        .inFile(addIndex)
        .onLineContaining("op.execute(\"CREATE INDEX \" + \"CONCURRENTLY \"");
  }

  @Test
  void constantOfAnotherClass_fails() {
    JavaFileObject sql =
        JavaFileObjects.forSourceString(
            "com.example.db.sql.Sql",
            """
            package com.example.db.sql;

            public final class Sql {
              public static final String REINDEX = "REINDEX INDEX CONCURRENTLY ix_users_email";

              private Sql() {}
            }
            """);
    JavaFileObject addIndex =
        JavaFileObjects.forSourceString(
            "com.example.db.AddIndex",
            """
            package com.example.db;

            import static com.example.db.sql.Sql.REINDEX;

            import dev.retort.Revision;
            import dev.retort.runtime.Migration;
            import dev.retort.runtime.ops.Operations;

            @Revision(id = "1b7e", down = "77b0", message = "rebuild the email index")
            public final class AddIndex implements Migration {
              @Override
              public void upgrade(Operations op) {
                op.execute(REINDEX);
                op.execute(com.example.db.sql.Sql.REINDEX);
              }
            }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, sql, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    String message =
        """
        [Retort/NonTransactional] revision 1b7e (AddIndex.java) runs REINDEX ... CONCURRENTLY \
        inside its transaction, which the database refuses
          add transactional = false to its @Revision: @Revision(id = "1b7e", down = {"77b0"}, \
        message = "rebuild the email index", transactional = false)\
        """;
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(addIndex)
        .onLineContaining("op.execute(REINDEX)");
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(addIndex)
        .onLineContaining("op.execute(com.example.db.sql.Sql.REINDEX)");
  }

  @Test
  void dropIndexConcurrently_fails() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_users_email_old");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.NON_TRANSACTIONAL
                + " revision 1b7e (AddIndex.java) runs DROP INDEX CONCURRENTLY inside its"
                + " transaction")
        .inFile(addIndex)
        .onLineContaining("DROP INDEX CONCURRENTLY");
  }

  @Test
  void vacuumInDowngrade_fails() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX ix_users_email ON users (email)");
              }

              @Override
              public void downgrade(Operations op) {
                op.execute("DROP INDEX ix_users_email");
                op.execute("VACUUM users");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.NON_TRANSACTIONAL
                + " revision 1b7e (AddIndex.java) runs VACUUM inside its transaction")
        .inFile(addIndex)
        .onLineContaining("op.execute(\"VACUUM users\")");
  }

  @Test
  void alterTypeAddValue_failsSayingWhyOnLaterVersionsToo() {
    JavaFileObject addIndex =
        addIndex(
            "@Revision(id = \"1b7e\", down = \"77b0\", transactional = true)",
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("ALTER TYPE mood ADD VALUE 'meh'");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
            [Retort/NonTransactional] revision 1b7e (AddIndex.java) runs ALTER TYPE ... ADD VALUE \
            inside its transaction, which PostgreSQL before 12 refuses, and after which later \
            versions cannot use the new value until the transaction commits
              set transactional = false in its @Revision: @Revision(id = "1b7e", down = {"77b0"}, \
            transactional = false)\
            """)
        .inFile(addIndex)
        .onLineContaining("ALTER TYPE mood");
  }

  @Test
  void twoOffendingCallsAndAGraphError_areAllReported() {
    JavaFileObject addIndex =
        addIndex(
            "@Revision(id = \"1b7e\", down = {\"7b0\"})",
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX CONCURRENTLY ix_a ON users (a)");
                op.execute("CREATE INDEX CONCURRENTLY ix_b ON users (b)");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(3);
    assertThat(compilation)
        .hadErrorContaining(Messages.DANGLING_DOWN)
        .inFile(addIndex)
        .onLineContaining("down = {\"7b0\"}");
    assertThat(compilation)
        .hadErrorContaining(Messages.NON_TRANSACTIONAL)
        .inFile(addIndex)
        .onLineContaining("ix_a");
    assertThat(compilation)
        .hadErrorContaining(Messages.NON_TRANSACTIONAL)
        .inFile(addIndex)
        .onLineContaining("ix_b");
  }

  @Test
  void sameStatementsWithTransactionalFalse_compile() {
    JavaFileObject addIndex =
        addIndex(
            "@Revision(id = \"1b7e\", down = {\"77b0\"}, transactional = false)",
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)");
                op.execute(
                    \"""
                    CREATE UNIQUE INDEX CONCURRENTLY ix_users_name ON users (name)
                    \""");
                op.execute("CREATE INDEX " + "CONCURRENTLY ix_users_phone ON users (phone)");
              }

              @Override
              public void downgrade(Operations op) {
                op.execute("DROP INDEX CONCURRENTLY ix_users_email");
                op.execute("VACUUM users");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void nonConstantArgument_compiles() {
    JavaFileObject addIndex =
        addIndex(
            """
              private final String table;

              public AddIndex() {
                this.table = System.getProperty("table", "users");
              }

              @Override
              public void upgrade(Operations op) {
                String sql = "CREATE INDEX CONCURRENTLY ix_users_email ON users (email)";
                op.execute(sql);
                op.execute("CREATE INDEX CONCURRENTLY ix_email ON " + table + " (email)");
                op.execute(String.format("VACUUM %s", table));
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void callThroughHelperMethod_compiles() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                createIndex(op);
              }

              private static void createIndex(Operations op) {
                op.execute("CREATE INDEX CONCURRENTLY ix_users_email ON users (email)");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void plainCreateIndex_compiles() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                op.execute("CREATE INDEX ix_users_email ON users (email)");
                op.execute("INSERT INTO audit (note) VALUES ('VACUUM later; CREATE DATABASE x')");
                op.execute("-- VACUUM\\nCREATE INDEX ix_users_name ON users (name)");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void callsInLoopsLambdasAndBranches_compile() {
    JavaFileObject addIndex =
        addIndex(
            """
              @Override
              public void upgrade(Operations op) {
                for (int i = 0; i < 1; i++) {
                  op.execute("VACUUM users");
                }
                Runnable later = () -> op.execute("VACUUM users");
                if (Boolean.getBoolean("vacuum")) {
                  op.execute("VACUUM users");
                }
                new Object() {
                  void run() {
                    op.execute("VACUUM users");
                  }
                };
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void localVariableShadowingAConstant_compiles() {
    JavaFileObject addIndex =
        addIndex(
            """
              private static final String SQL = "VACUUM users";

              @Override
              public void upgrade(Operations op) {
                String SQL = "ANALYZE users";
                op.execute(SQL);
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void unresolvedConstant_leavesTheErrorToJavacWithoutCrashing() {
    JavaFileObject addIndex =
        addIndex(
            """
              private static final String SQL = Missing.SQL;

              @Override
              public void upgrade(Operations op) {
                op.execute(SQL);
                op.execute(Missing.OTHER);
                execute(42);
              }

              private void execute(int times) {}
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addIndex);

    // javac's own two errors, each once: reading SQL's value did not report it a second time.
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(addIndex)
        .onLineContaining("= Missing.SQL;");
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(addIndex)
        .onLineContaining("op.execute(Missing.OTHER);");
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      assertThat(error.getMessage(null)).doesNotContain("[Retort/");
    }
  }
}
