package dev.retort.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin in a real {@code mvn} build of a small project against a real PostgreSQL server:
 * upgrade then current --check-heads, a failing check after a downgrade, and retort.skip. Runs
 * after the invoker installed the plugin into target/local-repo, which these builds use.
 */
class PostgresPluginIT {
  private static final String SECRET = "It-S3cret-pw";
  private static EmbeddedPostgres postgres;

  @TempDir static Path project;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.start();
    Path db = project.resolve("src/main/java/com/example/db");
    Files.createDirectories(db);
    Files.writeString(project.resolve("pom.xml"), pom());
    Files.writeString(
        db.resolve("CreateUsers.java"),
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        @Revision(id = "77b0c4d1e2f3", message = "create users")
        public final class CreateUsers implements Migration {
          @Override public void upgrade(Operations op) { op.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)"); }
          @Override public void downgrade(Operations op) { op.execute("DROP TABLE users"); }
        }
        """);
    Files.writeString(
        db.resolve("AddEmail.java"),
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        @Revision(id = "9c2e5a7b3d10", down = "77b0c4d1e2f3", message = "add email")
        public final class AddEmail implements Migration {
          @Override public void upgrade(Operations op) { op.execute("ALTER TABLE users ADD COLUMN email TEXT"); }
          @Override public void downgrade(Operations op) { op.execute("ALTER TABLE users DROP COLUMN email"); }
        }
        """);
    Files.writeString(
        project.resolve("settings.xml"),
        Files.readString(Path.of("src/it/settings.xml"))
            .replace("@localRepositoryUrl@", Path.of(property("user.local.repo")).toUri().toString()));
  }

  @AfterAll
  static void stop() throws IOException {
    postgres.close();
  }

  @Test
  void upgradeThenCheckHeads_thenNotAtHeadFailsTheBuild_thenSkip() throws Exception {
    String url =
        "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres?password=" + SECRET;

    Run upgrade =
        mvn("compile", "retort:upgrade", "retort:current", "-Dretort.checkHeads=true",
            "-Dretort.url=" + url, "-Dretort.user=postgres");
    assertEquals(0, upgrade.exitCode(), upgrade.log());
    assertTrue(upgrade.log().matches("(?s).*\\[INFO\\] 77b0c4d1e2f3  upgrade +\\d+ ms  create users\n.*"),
        upgrade.log());
    assertTrue(upgrade.log().matches("(?s).*\\[INFO\\] upgraded base -> 9c2e5a7b3d10: 2 revisions in \\d+ ms\n.*"),
        upgrade.log());
    assertTrue(upgrade.log().contains("[INFO] 9c2e5a7b3d10  (head)  add email\n"), upgrade.log());
    assertEquals(List.of("9c2e5a7b3d10"), versionRows());

    // The model has a column that no revision adds: a pending change fails the build.
    Files.writeString(
        project.resolve("model.sql"),
        "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, email TEXT, phone VARCHAR(32));\n");
    Run pending =
        mvn("retort:check", "-Dretort.targetDdl=model.sql", "-Dretort.url=" + url,
            "-Dretort.user=postgres");
    assertEquals(1, pending.exitCode(), pending.log());
    assertTrue(
        pending.log().contains(
            "[INFO] compared with the target, the DDL file " + project.resolve("model.sql") + "\n"
                + "[INFO] pending changes: the target differs from the schema the revisions build"
                + " at head in 1 place (the revisions ≠ the target)\n"
                + "[INFO]   table users: column phone: only in the target (varchar(32))\n"),
        pending.log());
    assertTrue(
        pending.log().contains("retort: check found a difference (exit code 3)"), pending.log());
    assertEquals(List.of("9c2e5a7b3d10"), versionRows());

    Run notAtHead =
        mvn("retort:downgrade", "-Dretort.target=-1", "retort:current", "-Dretort.checkHeads=true",
            "-Dretort.url=" + url, "-Dretort.user=postgres", "-Dretort.verbose=true");
    assertEquals(1, notAtHead.exitCode(), notAtHead.log());
    assertTrue(notAtHead.log().matches("(?s).*\\[INFO\\] 9c2e5a7b3d10  downgrade +\\d+ ms  add email\n.*"),
        notAtHead.log());
    assertTrue(
        notAtHead.log().contains("[INFO] not at head: this build's head is 9c2e5a7b3d10; run upgrade head\n"),
        notAtHead.log());
    assertTrue(notAtHead.log().contains("password=****"), notAtHead.log());
    assertTrue(
        notAtHead.log().contains("retort: the database is not at head (exit code 3)"), notAtHead.log());
    assertTrue(notAtHead.log().contains("BUILD FAILURE"));
    assertEquals(List.of("77b0c4d1e2f3"), versionRows());

    Run skipped = mvn("retort:upgrade", "-Dretort.skip=true", "-Dretort.url=" + url);
    assertEquals(0, skipped.exitCode(), skipped.log());
    assertTrue(skipped.log().contains("[INFO] retort: skipped (retort.skip)\n"), skipped.log());
    assertEquals(List.of("77b0c4d1e2f3"), versionRows());

    // Offline: the dialect alone, no URL, no connection; the script goes to a file.
    Run script =
        mvn("retort:upgrade", "-Dretort.sql=true", "-Dretort.target=77b0c4d1e2f3:head",
            "-Dretort.dialect=postgresql");
    assertEquals(0, script.exitCode(), script.log());
    Path file = project.resolve("target/retort-upgrade.sql");
    assertTrue(
        script.log().contains("[INFO] wrote " + file + ": upgrade 77b0c4d1e2f3 -> 9c2e5a7b3d10, 1"
            + " revision, PostgreSQL\n"),
        script.log());
    assertTrue(Files.readString(file).contains("ALTER TABLE users ADD COLUMN email TEXT"));
    assertEquals(List.of("77b0c4d1e2f3"), versionRows());

    for (Run run : List.of(upgrade, pending, notAtHead, skipped)) {
      // The URL is on the command line Maven echoes nowhere; the plugin masks it everywhere.
      assertFalse(run.log().contains(SECRET), run.log());
    }
  }

  private record Run(int exitCode, String log) {}

  private static Run mvn(String... goals) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(property("maven.home"), "bin", "mvn").toString());
    command.addAll(
        List.of(
            "-B",
            "-s", project.resolve("settings.xml").toString(),
            "-Dmaven.repo.local=" + property("it.local.repo")));
    command.addAll(List.of(goals));
    Path log = project.resolve("build.log");
    Process process =
        new ProcessBuilder(command)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("mvn " + String.join(" ", goals) + " did not finish");
    }
    return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }

  private static List<String> versionRows() throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT version_num FROM retort_version")) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(name + " is not set; run this test through mvn verify");
    }
    return value;
  }

  private static String pom() {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>com.example</groupId>
          <artifactId>postgres-it</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
            <dependency>
              <groupId>dev.retort</groupId>
              <artifactId>retort-runtime</artifactId>
              <version>VERSION</version>
            </dependency>
            <dependency>
              <groupId>org.postgresql</groupId>
              <artifactId>postgresql</artifactId>
              <version>PG_VERSION</version>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.13.0</version>
                <configuration>
                  <annotationProcessorPaths>
                    <path>
                      <groupId>dev.retort</groupId>
                      <artifactId>retort-processor</artifactId>
                      <version>VERSION</version>
                    </path>
                  </annotationProcessorPaths>
                </configuration>
              </plugin>
              <plugin>
                <groupId>dev.retort</groupId>
                <artifactId>retort-maven-plugin</artifactId>
                <version>VERSION</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .replace("PG_VERSION", property("postgresql.version"))
        .replace("VERSION", property("project.version"));
  }
}
