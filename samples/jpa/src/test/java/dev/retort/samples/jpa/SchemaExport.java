package dev.retort.samples.jpa;

import dev.retort.samples.jpa.model.Author;
import dev.retort.samples.jpa.model.Book;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * Hibernate's schema export of the model, with JPA's standard settings: {@code
 * jakarta.persistence.schema-generation.scripts.action=create} writes the DDL that creates the
 * model's tables to {@code create-target}, without a database.
 */
final class SchemaExport {
  private SchemaExport() {}

  /** Writes the model's DDL for {@code dialect} ({@code postgresql} or {@code sqlite}) to {@code file}. */
  static Path export(String dialect, Path file) throws Exception {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file); // Hibernate appends to an existing script
    new HibernatePersistenceConfiguration("library")
        .managedClasses(List.of(Author.class, Book.class))
        .properties(
            Map.of(
                "jakarta.persistence.schema-generation.scripts.action", "create",
                "jakarta.persistence.schema-generation.scripts.create-target", file.toString(),
                "hibernate.dialect",
                    dialect.equals("postgresql")
                        ? "org.hibernate.dialect.PostgreSQLDialect"
                        : "org.hibernate.community.dialect.SQLiteDialect",
                "hibernate.boot.allow_jdbc_metadata_access", "false",
                "hibernate.format_sql", "false",
                "hibernate.hbm2ddl.delimiter", ";"))
        .createEntityManagerFactory()
        .close();
    return file;
  }

  public static void main(String[] args) throws Exception {
    System.out.print(Files.readString(export(args[0], Path.of(args[1]))));
  }
}
