package dev.retort.runtime;

import java.nio.file.Path;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Where the schema the revisions should build comes from, for {@link Retort#compare(TargetSchema)}:
 * a database that has it (a developer's database changed by hand, or one an ORM created), or DDL
 * that creates it (what Hibernate's schema export writes from JPA entities, say).
 *
 * <pre>{@code
 * SchemaComparison pending = retort.compare(TargetSchema.ddl(Path.of("target/schema.sql")));
 * if (pending.hasPendingChanges()) System.out.print(pending);
 * }</pre>
 *
 * <p>A target must be of the same kind as the Retort's own database: DDL is run on a scratch
 * database of that dialect, and a target database of another kind is refused.
 */
public sealed interface TargetSchema
    permits TargetSchema.FromDatabase, TargetSchema.FromDdlFile, TargetSchema.FromDdl {

  /**
   * The schema of {@code dataSource}'s database: the schema its connections work in (PostgreSQL:
   * their {@code current_schema()}; SQLite: the main database), without Retort's version and
   * history tables. It is only read.
   */
  static TargetSchema database(DataSource dataSource) {
    return new FromDatabase(dataSource);
  }

  /**
   * The schema that the DDL in {@code file} (UTF-8) creates in an empty scratch database of the
   * Retort's dialect. The file is read when the comparison runs; statements are separated by
   * {@code ;}, and {@code --} and block comments, quoted text, PostgreSQL's dollar-quoted bodies
   * and SQLite's trigger bodies are understood. The DDL must not name a schema ({@code
   * public.workout}) nor change the {@code search_path}: on PostgreSQL the scratch is a schema of
   * the Retort's own database.
   */
  static TargetSchema ddl(Path file) {
    return new FromDdlFile(file);
  }

  /** As {@link #ddl(Path)}, for DDL held in a string. */
  static TargetSchema ddl(String sql) {
    return new FromDdl(sql);
  }

  /** A target database, only read. */
  record FromDatabase(DataSource dataSource) implements TargetSchema {
    public FromDatabase {
      Objects.requireNonNull(dataSource, "dataSource == null");
    }

    @Override
    public String toString() {
      return "the target database";
    }
  }

  /** A file of DDL, read when the comparison runs. */
  record FromDdlFile(Path file) implements TargetSchema {
    public FromDdlFile {
      Objects.requireNonNull(file, "file == null");
    }

    @Override
    public String toString() {
      return "the DDL file " + file;
    }
  }

  /** DDL text. */
  record FromDdl(String sql) implements TargetSchema {
    public FromDdl {
      Objects.requireNonNull(sql, "sql == null");
    }

    @Override
    public String toString() {
      return "the target DDL";
    }
  }
}
