package dev.retort.processor.validation;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.retort.processor.Sources.revision;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.retort.processor.RevisionProcessor;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * {@code [Retort/SqliteAlter]} for the key operations and stored generated columns, which SQLite
 * runs only in a batch, and for the enum and conversion operations, which it runs anywhere.
 */
class SqliteAlterKeysValidatorTest {
  private static final JavaFileObject CREATE_USERS =
      revision("com.example.db.CreateUsers", "@Revision(id = \"77b0\")");

  private final Compiler compiler = Compiler.javac().withProcessors(new RevisionProcessor());

  /** AddKeys, 1b7e after 77b0, whose {@code upgrade(Operations op)} has {@code body}. */
  private static JavaFileObject upgrading(String body) {
    return JavaFileObjects.forSourceString(
        "com.example.db.AddKeys",
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Column;
        import dev.retort.runtime.ops.ColumnChange;
        import dev.retort.runtime.ops.ColumnPosition;
        import dev.retort.runtime.ops.ColumnType;
        import dev.retort.runtime.ops.Operations;
        import java.util.List;

        @Revision(id = "1b7e", down = {"77b0"})
        public final class AddKeys implements Migration {
          @Override
          public void upgrade(Operations op) {
        %s  }
        }
        """
            .formatted(body));
  }

  @Test
  void keyOperationsOutsideBatch_eachFailWithTheBatchForm() {
    JavaFileObject addKeys =
        upgrading(
            """
                op.createPrimaryKey("pk_users", "users", "id");
                op.dropPrimaryKey("users");
                op.dropForeignKey("users", "teams", "team_id");
                op.dropUniqueConstraint("users", "email");
                op.addColumn("users", Column.of("n", ColumnType.integer()).generatedStored("id * 2"));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addKeys);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(5);
    assertThat(compilation)
        .hadErrorContaining(
"""
[Retort/SqliteAlter] revision 1b7e (AddKeys.java) calls op.createPrimaryKey("pk_users", "users", \
...), which SQLite cannot run outside a batch
  SQLite cannot add a primary key to an existing table; use op.batchAlterTable("users", batch -> \
batch.createPrimaryKey("pk_users", ...))\
""")
        .inFile(addKeys)
        .onLineContaining("op.createPrimaryKey(");
    assertThat(compilation)
        .hadErrorContaining(
            "calls op.dropPrimaryKey(\"users\"), which SQLite cannot run outside a batch\n"
                + "  SQLite cannot drop a primary key; use op.batchAlterTable(\"users\", batch ->"
                + " batch.dropPrimaryKey())")
        .inFile(addKeys)
        .onLineContaining("op.dropPrimaryKey(");
    assertThat(compilation)
        .hadErrorContaining(
            "use op.batchAlterTable(\"users\", batch -> batch.dropForeignKey(\"teams\", ...))")
        .inFile(addKeys)
        .onLineContaining("op.dropForeignKey(");
    assertThat(compilation)
        .hadErrorContaining(
            "use op.batchAlterTable(\"users\", batch -> batch.dropUniqueConstraint(...))")
        .inFile(addKeys)
        .onLineContaining("op.dropUniqueConstraint(");
    assertThat(compilation)
        .hadErrorContaining("SQLite's ADD COLUMN cannot add \"n\", a STORED generated column")
        .inFile(addKeys)
        .onLineContaining("generatedStored");
  }

  @Test
  void sameInABatch_andWhatSqliteRunsAnywhere_compile() {
    JavaFileObject addKeys =
        upgrading(
            """
                op.batchAlterTable(
                    "users",
                    batch -> {
                      batch.dropPrimaryKey();
                      batch.createPrimaryKey("pk_users", "id");
                      batch.dropForeignKey("teams", "team_id");
                      batch.dropUniqueConstraint("email");
                      batch.dropCheckConstraints("age");
                      batch.addColumn(
                          Column.of("code", ColumnType.text()), ColumnPosition.after("id"));
                      batch.alterColumn(
                          "age", ColumnChange.of().type(ColumnType.integer()).using("age"));
                    });
                op.addColumn("users", Column.of("v", ColumnType.integer()).generatedVirtual("id"));
                op.addEnumValue("workout_kind", "swim");
                op.replaceEnumValues("workout_kind", List.of("run", "swim"));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addKeys);

    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void typeChangeWithUsingOutsideBatch_fails() {
    JavaFileObject addKeys =
        upgrading(
            """
                op.alterColumn(
                    "users", "age", ColumnChange.of().type(ColumnType.integer()).using("age"));
            """);

    Compilation compilation = compiler.compile(CREATE_USERS, addKeys);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("SQLite has no ALTER COLUMN")
        .inFile(addKeys)
        .onLineContaining("op.alterColumn(");
  }
}
