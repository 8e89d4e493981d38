package dev.retort.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {
  @TempDir Path tempDir;

  @Test
  void explicitValuesWin_thenEnvironmentPassword_thenFile() throws Exception {
    Path file = tempDir.resolve("retort.properties");
    Files.writeString(
        file,
        "retort.url=jdbc:sqlite:file.db\nretort.user=fileuser\nretort.password=filepw\n"
            + "retort.versionTable=alembic_version\nretort.lockTimeout=30s\n");

    Settings fromFile = Settings.builder().propertiesFile(file).build();
    assertEquals("jdbc:sqlite:file.db", fromFile.url());
    assertEquals("fileuser", fromFile.user());
    assertEquals("it is ****", fromFile.redactor().redact("it is filepw"));

    Settings overridden =
        Settings.builder()
            .url("jdbc:sqlite:option.db")
            .environmentPassword("envpw")
            .propertiesFile(file)
            .build();
    assertEquals("jdbc:sqlite:option.db", overridden.url());
    assertEquals("****", overridden.redactor().redact("envpw"));
    assertEquals("filepw", overridden.redactor().redact("filepw"), "the file's password lost");
  }

  @Test
  void scratchUrl_fromTheFile_itsCredentialsMasked() throws Exception {
    Path file = tempDir.resolve("retort.properties");
    Files.writeString(
        file,
        "retort.url=jdbc:postgresql://db/app\n"
            + "retort.scratchUrl=jdbc:postgresql://scratch/drift?user=ci&password=scr4tch\n");

    Settings settings = Settings.builder().propertiesFile(file).build();

    assertEquals("then ****", settings.redactor().redact("then scr4tch"));
  }

  @Test
  void lockTimeout_forms() {
    for (String[] form :
        new String[][] {{"30s", "PT30S"}, {"5m", "PT5M"}, {"500ms", "PT0.5S"}, {"2h", "PT2H"},
            {"45", "PT45S"}, {"PT1M30S", "PT1M30S"}}) {
      assertEquals(
          Duration.parse(form[1]),
          Settings.builder().lockTimeout(form[0]).build().lockTimeout(),
          form[0]);
    }
    UsageException bad =
        assertThrows(UsageException.class, () -> Settings.builder().lockTimeout("soon").build());
    assertEquals(
        "lock timeout \"soon\" is not a duration; write 30s, 5m, 500ms or an ISO-8601 duration such"
            + " as PT30S",
        bad.getMessage());
    UsageException missing =
        assertThrows(
            UsageException.class,
            () -> Settings.builder().propertiesFile(tempDir.resolve("none.properties")).build());
    assertEquals(
        "properties file " + tempDir.resolve("none.properties") + " does not exist; check the -c path",
        missing.getMessage());
  }

  @Test
  void revisionGuards_fromTheFileAndOptions() throws Exception {
    Path file = tempDir.resolve("retort.properties");
    Files.writeString(
        file,
        "retort.url=jdbc:sqlite:file.db\nretort.revisionLockTimeout=3s\n"
            + "retort.revisionRetries=4\nretort.revisionRetryDelay=500ms\n");
    Settings settings =
        Settings.builder().revisionStatementTimeout("2m").propertiesFile(file).build();
    assertEquals(Duration.ofSeconds(3), settings.revisionLockTimeout());
    assertEquals(Duration.ofMinutes(2), settings.revisionStatementTimeout());
    assertEquals(4, settings.revisionRetries());
    assertEquals(Duration.ofMillis(500), settings.revisionRetryDelay());
    assertEquals(null, Settings.builder().build().revisionLockTimeout(), "Retort's default");

    UsageException retries =
        assertThrows(
            UsageException.class, () -> Settings.builder().revisionRetries("none").build());
    assertEquals(
        "revision retries \"none\" is not a number of attempts; write 1 for no retry, or 3 to run"
            + " a revision up to three times after lock timeouts",
        retries.getMessage());
    UsageException timeout =
        assertThrows(
            UsageException.class, () -> Settings.builder().revisionLockTimeout("soon").build());
    assertEquals(
        "revision lock timeout \"soon\" is not a duration; write 30s, 5m, 500ms or an ISO-8601"
            + " duration such as PT30S",
        timeout.getMessage());
  }

  @Test
  void target_fromOptionsOrFile_oneOfTheTwo_passwordsMasked() throws Exception {
    assertEquals(null, Settings.builder().build().target(getClass().getClassLoader()));
    assertEquals(false, Settings.builder().build().hasTarget());

    Path file = tempDir.resolve("retort.properties");
    Files.writeString(
        file,
        "retort.targetUrl=jdbc:postgresql://localhost/dev?password=urlpw\n"
            + "retort.targetUser=dev\nretort.targetPassword=filetargetpw\n");
    Settings fromFile = Settings.builder().propertiesFile(file).build();
    assertEquals(
        dev.retort.runtime.TargetSchema.FromDatabase.class,
        fromFile.target(getClass().getClassLoader()).getClass());
    assertEquals("the database jdbc:postgresql://localhost/dev?password=****", fromFile.targetName());
    assertEquals("a **** b ****", fromFile.redactor().redact("a filetargetpw b urlpw"));
    Settings fromEnvironment =
        Settings.builder().environmentTargetPassword("envtargetpw").propertiesFile(file).build();
    assertEquals("****", fromEnvironment.redactor().redact("envtargetpw"));

    Settings ddl = Settings.builder().targetDdl(Path.of("target/schema.sql")).build();
    assertEquals(
        dev.retort.runtime.TargetSchema.ddl(Path.of("target/schema.sql")),
        ddl.target(getClass().getClassLoader()));
    assertEquals("the DDL file target/schema.sql", ddl.targetName());

    UsageException both =
        assertThrows(
            UsageException.class,
            () ->
                Settings.builder()
                    .targetDdl(Path.of("schema.sql"))
                    .propertiesFile(file)
                    .build());
    assertEquals(
        "both a target database (jdbc:postgresql://localhost/dev?password=****) and a target DDL"
            + " file (schema.sql) are set; give one of them",
        both.getMessage());
  }
}
