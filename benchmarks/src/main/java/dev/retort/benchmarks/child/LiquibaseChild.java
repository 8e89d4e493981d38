package dev.retort.benchmarks.child;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;

/**
 * Liquibase with one formatted-SQL changelog of N changesets: {@code <mode> <url> <user> <password>
 * <n> <changelog directory>}. The runner counts the changesets applied afterwards.
 */
public final class LiquibaseChild {
  /** The changelog's file name inside the directory. */
  public static final String CHANGELOG = "changelog.sql";

  private LiquibaseChild() {}

  @SuppressWarnings("deprecation") // Liquibase.update: still the plain embedded API in 4.x.
  public static void main(String[] args) throws Exception {
    String url = args[1];
    String user = Report.nullable(args[2]);
    String password = Report.nullable(args[3]);
    Path directory = Path.of(args[5]);

    long started = System.nanoTime();
    Connection connection =
        user == null
            ? DriverManager.getConnection(url)
            : DriverManager.getConnection(url, user, password);
    Database database =
        DatabaseFactory.getInstance()
            .findCorrectDatabaseImplementation(new JdbcConnection(connection));
    // close() closes the database and its connection.
    try (Liquibase liquibase =
        new Liquibase(CHANGELOG, new DirectoryResourceAccessor(directory), database)) {
      liquibase.update(new Contexts(), new LabelExpression());
    }
    long took = System.nanoTime() - started;
    Report.print(took, "");
  }
}
