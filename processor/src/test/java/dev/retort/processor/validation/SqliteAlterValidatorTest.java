package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

class SqliteAlterValidatorTest {
  private static final JavaFileObject CREATE_USERS =
      revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")");

  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  /** AddPhone, 1b7e after 77b0, with {@code annotation} and {@code members} as given. */
  private static JavaFileObject addPhone(String annotation, String members) {
    return JavaFileObjects.forSourceString(
        "com.example.db.AddPhone",
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Column;
        import dev.retort.runtime.ops.ColumnChange;
        import dev.retort.runtime.ops.ColumnType;
        import dev.retort.runtime.ops.ForeignKey;
        import dev.retort.runtime.ops.Operations;
        import dev.retort.runtime.ops.ServerDefault;

        %s
        public final class AddPhone implements Migration {
        %s}
        """
            .formatted(annotation, members));
  }

  private static JavaFileObject addPhone(String members) {
    return addPhone("@Revision(id = \"1b7e\", down = {\"77b0\"})", members);
  }

  /** AddPhone whose {@code upgrade(Operations op)} has {@code body}. */
  private static JavaFileObject upgrading(String body) {
    return addPhone(
        """
          @Override
          public void upgrade(Operations op) {
        %s  }
        """
            .formatted(body));
  }

  // ---- Failing

  @Test
  void rawAlterColumnType_failsOnTheCallWithTheBatchForm() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.execute("ALTER TABLE users ALTER COLUMN phone TYPE VARCHAR(32)");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) runs ALTER TABLE users ALTER COLUMN phone \
TYPE VARCHAR(32), which SQLite cannot run
  SQLite has no ALTER COLUMN; use op.batchAlterTable("users", batch -> \
batch.alterColumn("phone", ...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.execute(\"ALTER TABLE users ALTER COLUMN");
  }

  @Test
  void rawAddUniqueConstraintInATextBlock_fails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.execute(\"""
                    ALTER TABLE "users"
                      ADD CONSTRAINT uq_users_phone UNIQUE (phone)
                    \""");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) runs ALTER TABLE "users" ADD CONSTRAINT \
uq_users_phone UNIQUE (phone), which SQLite cannot run
  SQLite cannot add a UNIQUE constraint to an existing table; use op.batchAlterTable("users", \
batch -> batch.createUniqueConstraint("uq_users_phone", ...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.execute(");
  }

  @Test
  void rawAddNotNullColumnFromAConstant_failsSayingWhen() {
    JavaFileObject addPhone =
        addPhone(
            """
              private static final String ADD_PHONE =
                  "ALTER TABLE users ADD COLUMN phone TEXT NOT NULL";

              @Override
              public void upgrade(Operations op) {
                op.execute(ADD_PHONE);
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) runs ALTER TABLE users ADD COLUMN phone TEXT \
NOT NULL, which SQLite cannot run
  SQLite's ADD COLUMN cannot add "phone", a NOT NULL column without a non-null constant default to \
a table that has rows; use op.batchAlterTable("users", batch -> batch.addColumn(...)), or give the \
column a constant DEFAULT\
""")
        .inFile(addPhone)
        .onLineContaining("op.execute(ADD_PHONE)");
  }

  @Test
  void rawCheckConstraintWithDefaultMinVersion_failsNamingTheOption_andCompilesWith353() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.execute("ALTER TABLE users ADD CONSTRAINT ck_phone CHECK (length(phone) > 3)");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) runs ALTER TABLE users ADD CONSTRAINT ck_phone \
CHECK (length(phone) > 3), which SQLite before 3.53 cannot run
  SQLite's ALTER TABLE adds CHECK constraints only from 3.53; use op.batchAlterTable("users", \
batch -> batch.createCheckConstraint("ck_phone", ...)), or, if every SQLite you support is 3.53 or \
later, set -Aretort.sqliteMinVersion=3.53\
""");
    assertThat(
            Compiler.javac()
                .withProcessors(new RevisionProcessor())
                .withOptions("-Aretort.sqliteMinVersion=3.53")
                .compile(CREATE_USERS, addPhone))
        .succeededWithoutWarnings();
  }

  @Test
  void rawAlterForPostgresqlOnly_compiles() {
    String members =
        """
          @Override
          public void upgrade(Operations op) {
            op.execute("ALTER TABLE users ALTER COLUMN phone TYPE VARCHAR(32)");
          }
        """;

    assertThat(
            compiler.compile(
                CREATE_USERS,
                addPhone(
                    "@Revision(id = \"1b7e\", down = {\"77b0\"}, dialects = {\"postgresql\"})",
                    members)))
        .succeededWithoutWarnings();
    assertThat(
            Compiler.javac()
                .withProcessors(new RevisionProcessor())
                .withOptions("-Aretort.dialects=postgresql")
                .compile(CREATE_USERS, addPhone(members)))
        .succeededWithoutWarnings();
  }

  @Test
  void rawAlterInABranchOrBuiltAtRunTime_compiles() {
    JavaFileObject addPhone =
        upgrading(
            """
                if (op.connection() != null) {
                  op.execute("ALTER TABLE users ALTER COLUMN phone TYPE VARCHAR(32)");
                }
                String type = "VARCHAR(32)";
                op.execute("ALTER TABLE users ALTER COLUMN phone TYPE " + type);
            """);

    assertThat(compiler.compile(CREATE_USERS, addPhone)).succeededWithoutWarnings();
  }

  @Test
  void rawAlterFormsSqliteAccepts_compile() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.execute("ALTER TABLE users RENAME TO people");
                op.execute("ALTER TABLE people RENAME COLUMN name TO full_name");
                op.execute("ALTER TABLE people RENAME full_name TO name");
                op.execute("ALTER TABLE people ADD COLUMN phone VARCHAR(32)");
                op.execute("ALTER TABLE people ADD score INTEGER NOT NULL DEFAULT 0");
                op.execute("ALTER TABLE people ADD COLUMN code TEXT DEFAULT 'x' NOT NULL");
                op.execute("ALTER TABLE people ADD COLUMN age INTEGER CHECK (age > 0)");
                op.execute("ALTER TABLE people ADD COLUMN boss INTEGER REFERENCES people (id)");
                op.execute("ALTER TABLE people DROP COLUMN phone");
                op.execute("ALTER TABLE people ADD COLUMN phone TEXT; DROP INDEX ix_phone");
            """);

    assertThat(compiler.compile(CREATE_USERS, addPhone)).succeededWithoutWarnings();
  }

  @Test
  void alterColumnTypeOutsideBatch_failsOnTheCallWithTheBatchForm() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls op.alterColumn("users", "phone", ...), \
which SQLite cannot run outside a batch
  SQLite has no ALTER COLUMN; use op.batchAlterTable("users", batch -> \
batch.alterColumn("phone", ...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.alterColumn(\"users\"");
  }

  @Test
  void nullabilityOnlyBelow353_failsNamingTheOption() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.alterColumn(USERS, "phone", ColumnChange.of().notNull());
            """
                .replace("USERS", "\"users\""));

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls op.alterColumn("users", "phone", ...), \
which SQLite before 3.53 cannot run outside a batch
  SQLite's ALTER TABLE changes a column's nullability only from 3.53; use \
op.batchAlterTable("users", batch -> batch.alterColumn("phone", ...)), or, if every SQLite you \
support is 3.53 or later, set -Aretort.sqliteMinVersion=3.53\
""")
        .inFile(addPhone)
        .onLineContaining("op.alterColumn(");
  }

  @Test
  void createUniqueConstraint_fails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.createUniqueConstraint("uq_users_phone", "users", "phone");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls \
op.createUniqueConstraint("uq_users_phone", "users", ...), which SQLite cannot run outside a batch
  SQLite cannot add a UNIQUE constraint to an existing table; use op.batchAlterTable("users", \
batch -> batch.createUniqueConstraint("uq_users_phone", ...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.createUniqueConstraint(");
  }

  @Test
  void createForeignKey_failsWithTableFromAConstant() {
    JavaFileObject addPhone =
        addPhone(
            """
              private static final String USERS = "users";

              @Override
              public void upgrade(Operations op) {
                op.createForeignKey(
                    USERS, ForeignKey.from("team_id").references("teams", "id").named("fk_team"));
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls op.createForeignKey("users", ...), \
which SQLite cannot run outside a batch
  SQLite cannot add a foreign key to an existing table; use op.batchAlterTable("users", \
batch -> batch.createForeignKey(...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.createForeignKey(");
  }

  @Test
  void dropColumnBelow335_failsNamingTheOption() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.dropColumn("users", "fax");
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.sqliteMinVersion=3.30").compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls op.dropColumn("users", "fax"), which \
SQLite before 3.35 cannot run outside a batch
  SQLite has DROP COLUMN only from 3.35; use op.batchAlterTable("users", batch -> \
batch.dropColumn("fax")), or, if every SQLite you support is 3.35 or later, set \
-Aretort.sqliteMinVersion=3.35\
""")
        .inFile(addPhone)
        .onLineContaining("op.dropColumn(");
  }

  @Test
  void createCheckConstraintWithDefaultMinVersion_fails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.createCheckConstraint("ck_users_phone", "users", "length(phone) > 3");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls \
op.createCheckConstraint("ck_users_phone", "users", ...), which SQLite before 3.53 cannot run \
outside a batch
  SQLite's ALTER TABLE adds CHECK constraints only from 3.53; use op.batchAlterTable("users", \
batch -> batch.createCheckConstraint("ck_users_phone", ...)), or, if every SQLite you support is \
3.53 or later, set -Aretort.sqliteMinVersion=3.53\
""")
        .inFile(addPhone)
        .onLineContaining("op.createCheckConstraint(");
  }

  @Test
  void createCheckConstraintNotValidWithDefaultMinVersion_failsWithTheBatchForm() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.createCheckConstraintNotValid("ck_users_phone", "users", "length(phone) > 3");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls"
                + " op.createCheckConstraintNotValid(\"ck_users_phone\", \"users\", ...), which SQLite"
                + " before 3.53 cannot run outside a batch")
        .inFile(addPhone)
        .onLineContaining("op.createCheckConstraintNotValid(");
  }

  @Test
  void dropConstraintWithDefaultMinVersion_fails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.dropConstraint("users", "ck_users_phone");
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            Messages.SQLITE_ALTER
                + " revision 1b7e (AddPhone.java) calls op.dropConstraint(\"users\","
                + " \"ck_users_phone\"), which SQLite before 3.53 cannot run outside a batch")
        .inFile(addPhone)
        .onLineContaining("op.dropConstraint(");
  }

  @Test
  void addNotNullColumnWithoutDefault_fails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.addColumn("users", Column.of("phone", ColumnType.text()).notNull());
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/SqliteAlter] revision 1b7e (AddPhone.java) calls op.addColumn("users", ...), which \
SQLite cannot run outside a batch
  SQLite's ADD COLUMN cannot add "phone", a NOT NULL column without a constant server default; \
use op.batchAlterTable("users", batch -> batch.addColumn(...)), or give the column \
.serverDefault(ServerDefault.value(...))\
""")
        .inFile(addPhone)
        .onLineContaining("op.addColumn(");
  }

  @Test
  void addColumnsSqliteCannotAdd_eachFails() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.addColumn("users", Column.of("id2", ColumnType.bigint()).identity());
                op.addColumn("users", Column.of("code", ColumnType.text()).unique());
                op.addColumn(
                    "users",
                    Column.of("seen", ColumnType.text())
                        .serverDefault(ServerDefault.currentTimestamp()));
                op.addColumn(
                    "users",
                    Column.of("n", ColumnType.integer())
                        .notNull()
                        .serverDefault(ServerDefault.expression("1 + 1")));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(4);
    assertThat(compilation)
        .hadErrorContaining("cannot add \"id2\", a primary-key column")
        .inFile(addPhone)
        .onLineContaining("\"id2\"");
    assertThat(compilation)
        .hadErrorContaining("cannot add \"code\", a UNIQUE column")
        .inFile(addPhone)
        .onLineContaining("\"code\"");
    assertThat(compilation)
        .hadErrorContaining("cannot add \"seen\", a column whose server default is not a constant");
    assertThat(compilation)
        .hadErrorContaining(
            "cannot add \"n\", a NOT NULL column without a constant server default");
  }

  @Test
  void callInALoopAndInDowngrade_fail() {
    JavaFileObject addPhone =
        addPhone(
            """
              @Override
              public void upgrade(Operations op) {
                for (String table : new String[] {"users", "teams"}) {
                  op.alterColumn(table, "phone", ColumnChange.of().type(ColumnType.text()));
                }
              }

              @Override
              public void downgrade(Operations op) {
                op.createUniqueConstraint("uq_users_phone", "users", "phone");
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining(
            "calls op.alterColumn(table, \"phone\", ...), which SQLite cannot run outside a batch\n"
                + "  SQLite has no ALTER COLUMN; use op.batchAlterTable(table, batch ->"
                + " batch.alterColumn(\"phone\", ...))")
        .inFile(addPhone)
        .onLineContaining("op.alterColumn(table");
    assertThat(compilation)
        .hadErrorContaining("op.createUniqueConstraint(")
        .inFile(addPhone)
        .onLineContaining("op.createUniqueConstraint(");
  }

  @Test
  void revisionNamingSqliteUnderPostgresqlOption_fails() {
    JavaFileObject addPhone =
        addPhone(
            "@Revision(id = \"1b7e\", down = \"77b0\", dialects = {\"postgresql\", \"sqlite\"})",
            """
              @Override
              public void upgrade(Operations op) {
                op.createUniqueConstraint("uq_users_phone", "users", "phone");
              }
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.dialects=postgresql").compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(Messages.SQLITE_ALTER)
        .inFile(addPhone)
        .onLineContaining("op.createUniqueConstraint(");
  }

  // ---- Passing

  @Test
  void sameCallsInsideBatchAlterTable_compile() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.batchAlterTable(
                    "users",
                    batch -> {
                      batch.alterColumn("phone", ColumnChange.of().type(ColumnType.text()));
                      batch.createUniqueConstraint("uq_users_phone", "phone");
                      batch.createForeignKey(
                          ForeignKey.from("team_id").references("teams", "id").named("fk_team"));
                      batch.createCheckConstraint("ck_users_phone", "length(phone) > 3");
                      batch.dropConstraint("ck_users_old");
                      batch.dropColumn("fax");
                      batch.addColumn(Column.of("code", ColumnType.text()).notNull());
                    });
                op.batchAlterTable("teams", batch -> batch.dropColumn("fax"));
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.sqliteMinVersion=3.30").compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void nativeChanges_compile() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.alterColumn("users", "phone", ColumnChange.of().renameTo("mobile"));
                op.dropColumn("users", "fax");
                op.addColumn("users", Column.of("note", ColumnType.text()));
                op.addColumn(
                    "users",
                    Column.of("active", ColumnType.bool())
                        .notNull()
                        .serverDefault(ServerDefault.value(true)));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void nullabilityOnlyAndChecksWith353_compile() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.alterColumn("users", "phone", ColumnChange.of().notNull());
                op.alterColumn("users", "fax", ColumnChange.of().nullable());
                op.createCheckConstraint("ck_users_phone", "users", "length(phone) > 3");
                op.dropConstraint("users", "ck_users_old");
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.sqliteMinVersion=3.53").compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void createCheckConstraintWith353Patch_compiles() {
    JavaFileObject addPhone =
        upgrading(
            """
                op.createCheckConstraint("ck_users_phone", "users", "length(phone) > 3");
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.sqliteMinVersion=3.53.0").compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  private static final String UNSUPPORTED_ON_SQLITE =
      """
        @Override
        public void upgrade(Operations op) {
          op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
          op.createUniqueConstraint("uq_users_phone", "users", "phone");
        }
      """;

  @Test
  void revisionForPostgresqlOnly_compiles() {
    JavaFileObject addPhone =
        addPhone(
            "@Revision(id = \"1b7e\", down = \"77b0\", dialects = {\"postgresql\"})",
            UNSUPPORTED_ON_SQLITE);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void dialectsOptionPostgresql_compiles() {
    Compilation compilation =
        compiler
            .withOptions("-Aretort.dialects=postgresql")
            .compile(CREATE_USERS, addPhone(UNSUPPORTED_ON_SQLITE));

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void nonLiteralColumnChangeAndColumn_compile() {
    JavaFileObject addPhone =
        addPhone(
            """
              private static final ColumnChange WIDEN = ColumnChange.of().type(ColumnType.text());

              private static Column phone() {
                return Column.of("phone", ColumnType.text()).notNull();
              }

              @Override
              public void upgrade(Operations op) {
                ColumnChange change = ColumnChange.of().type(ColumnType.text());
                op.alterColumn("users", "phone", change);
                op.alterColumn("users", "phone", WIDEN);
                op.addColumn("users", phone());
                op.addColumn(
                    "users", Column.of("n", ColumnType.integer()).notNull().serverDefault(null));
              }
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void callsThroughHelpersBranchesLambdasAndOtherReceivers_compile() {
    JavaFileObject addPhone =
        addPhone(
            """
              @Override
              public void upgrade(Operations op) {
                widen(op);
                Operations same = op;
                same.createUniqueConstraint("uq_users_phone", "users", "phone");
                if (Boolean.getBoolean("postgres")) {
                  op.createUniqueConstraint("uq_users_phone", "users", "phone");
                }
                Runnable later = () -> op.dropConstraint("users", "ck_users_phone");
                op.batchAlterTable("users", batch -> op.dropColumn("users", "fax"));
              }

              private static void widen(Operations op) {
                op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
              }
            """);

    Compilation compilation =
        compiler.withOptions("-Aretort.sqliteMinVersion=3.30").compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void shadowedColumnChangeType_compiles() {
    JavaFileObject addPhone =
        upgrading(
            """
                class ColumnChange {
                  static dev.retort.runtime.ops.ColumnChange of() {
                    return dev.retort.runtime.ops.ColumnChange.of();
                  }
                }
                op.alterColumn("users", "phone", ColumnChange.of().type(ColumnType.text()));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).succeededWithoutWarnings();
  }

  // ---- @Revision(dialects = ...)

  @Test
  void unknownDialectInRevision_failsOnTheValue() {
    JavaFileObject addPhone =
        addPhone(
            "@Revision(id = \"1b7e\", down = \"77b0\", dialects = {\"postgresql\", \"SQLite\"})",
            "");

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            """
[Retort/InvalidDialect] revision 1b7e (AddPhone.java) has "SQLite" in dialects, but Retort \
knows only "postgresql" and "sqlite"
  write "sqlite", in lowercase\
""")
        .inFile(addPhone)
        .onLineContaining("dialects = {");
  }

  @Test
  void otherDialectInRevision_failsSuggestingTheKnownOnes() {
    JavaFileObject addPhone =
        addPhone("@Revision(id = \"1b7e\", down = \"77b0\", dialects = \"mysql\")", "");

    Compilation compilation = compiler.compile(CREATE_USERS, addPhone);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "has \"mysql\" in dialects, but Retort knows only \"postgresql\" and \"sqlite\"\n"
                + "  use \"postgresql\" or \"sqlite\", or leave dialects out to use"
                + " -Aretort.dialects")
        .inFile(addPhone)
        .onLineContaining("dialects = \"mysql\"");
  }
}
