package dev.retort.cli;

import static dev.retort.runtime.testing.TestDatabase.execute;
import static dev.retort.runtime.testing.TestDatabase.query;
import static dev.retort.runtime.testing.TestDatabase.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.CliProcess.Result;
import dev.retort.runtime.testing.SqlScripts;
import dev.retort.runtime.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every database command as an operator meets it: a child process on the class path of the test
 * revisions (1975ea83b712 -> ae1027a6acf0 -> 27c6a30d7c24), on a real PostgreSQL server and a real
 * SQLite file, with stdout, stderr, exit code and the database's state asserted.
 */
class RetortCliTest {
  private static final String BASE = "1975ea83b712";
  private static final String MIDDLE = "ae1027a6acf0";
  private static final String HEAD = "27c6a30d7c24";

  @TempDir Path tempDir;

  private static List<String> versionRows(DataSource dataSource) {
    return query(dataSource, "SELECT version_num FROM retort_version ORDER BY version_num");
  }

  private static Result ok(Result result) {
    assertEquals(0, result.exitCode(), result::toString);
    return result;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void upgradeCurrentHistoryDowngradeStamp_endToEnd(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);

    Result notYet = CliProcess.run("current", "--check-heads", "--url", url);
    assertEquals(3, notYet.exitCode(), notYet::toString);
    assertEquals(
        "base (no revision applied)\nnot at head: this build's head is " + HEAD
            + "; run upgrade head\n",
        notYet.out());

    Result partial = ok(CliProcess.run("upgrade", MIDDLE, "--url", url));
    assertLines(
        partial.out(),
        BASE + "  upgrade   +\\d+ ms  create account table",
        MIDDLE + "  upgrade   +\\d+ ms  add email to account",
        "upgraded base -> " + MIDDLE + ": 2 revisions in \\d+ ms");
    assertEquals(List.of(MIDDLE), versionRows(dataSource));
    assertEquals("", partial.err());

    Result history = ok(CliProcess.run("history", "-i", "--url", url));
    assertEquals(
        MIDDLE + "  ->  " + HEAD + "  (head)     create audit table\n"
            + BASE + "  ->  " + MIDDLE + "  (current)  add email to account\n"
            + "<base>        ->  " + BASE + "             create account table\n",
        history.out());

    Result rest = ok(CliProcess.run("upgrade", "--url", url));
    assertLines(
        rest.out(),
        HEAD + "  upgrade   +\\d+ ms  create audit table",
        "upgraded " + MIDDLE + " -> " + HEAD + ": 1 revision in \\d+ ms");
    assertTrue(tables(dataSource).contains("audit"));
    assertEquals(List.of(HEAD), versionRows(dataSource));

    Result atHead = ok(CliProcess.run("current", "--check-heads", "--url", url));
    assertEquals(HEAD + "  (head)  create audit table\n", atHead.out());
    assertEquals(
        "database at " + HEAD + "; nothing to upgrade\n",
        ok(CliProcess.run("upgrade", "--url", url)).out());

    Result json = ok(CliProcess.run("current", "--json", "--url", url));
    assertTrue(json.out().contains("\"revisions\":[\"" + HEAD + "\"]"), json::toString);
    assertTrue(json.out().contains("\"atHead\":true"), json::toString);

    Result down = ok(CliProcess.run("downgrade", "-1", "--url", url));
    assertLines(
        down.out(),
        HEAD + "  downgrade +\\d+ ms  create audit table",
        "downgraded " + HEAD + " -> " + MIDDLE + ": 1 revision in \\d+ ms");
    assertFalse(tables(dataSource).contains("audit"));
    assertEquals(List.of(MIDDLE), versionRows(dataSource));

    Result stamp = ok(CliProcess.run("stamp", "head", "--purge", "--url", url));
    assertEquals("stamped " + MIDDLE + " -> " + HEAD + "; no revision ran\n", stamp.out());
    assertEquals(List.of(HEAD), versionRows(dataSource));
    assertFalse(tables(dataSource).contains("audit"), "stamp ran no revision");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void check_passesThenFindsAChangedChecksum_exit3(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);
    ok(CliProcess.run("upgrade", "--url", url));

    assertEquals(
        "checked 3 applied revisions: 3 checksums match\n"
            + "no drift: the database matches its revisions at " + HEAD + "\n",
        ok(CliProcess.run("check", "--url", url)).out());

    execute(
        dataSource,
        "UPDATE retort_history SET checksum = '" + "0".repeat(64) + "' WHERE revision_id = '"
            + MIDDLE + "'");
    Result changed = CliProcess.run("check", "--url", url);
    assertEquals(3, changed.exitCode(), changed::toString);
    assertTrue(
        changed.out().startsWith("check found a difference: ")
            && changed.out().contains(MIDDLE),
        changed::toString);
    Result json = CliProcess.run("check", "--json", "--url", url);
    assertEquals(3, json.exitCode());
    assertTrue(json.out().contains("\"ok\":false,\"mismatch\":{\"id\":\"" + MIDDLE + "\""), json::toString);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void historyVerbose_showsEachRevisionsRunLog_fromTheHistoryTable(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);
    ok(CliProcess.run("upgrade", "--url", url));
    ok(CliProcess.run("downgrade", "-1", "--url", url));
    ok(CliProcess.run("upgrade", "--url", url));

    String out = ok(CliProcess.run("history", "-v", "-r", MIDDLE + ":", "--url", url)).out();

    String by = db == TestDatabase.POSTGRES ? "  by postgres" : "";
    String run = "    \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ  ";
    String[] blocks = out.split("\n\n(?=Rev: )");
    assertEquals(2, blocks.length, out);
    assertTrue(blocks[0].startsWith("Rev: " + HEAD), out);
    assertTrue(
        blocks[0].matches(
            "(?s).*\nRuns:\n"
                + run + "upgrade    \\d+ ms *" + by + "\n"
                + run + "downgrade  \\d+ ms *" + by + "\n"
                + run + "upgrade    \\d+ ms *" + by),
        out);
    assertTrue(
        blocks[1].matches("(?s)Rev: " + MIDDLE + ".*\nRuns:\n" + run + "upgrade  \\d+ ms *" + by + "\n?"),
        out);
    String json = ok(CliProcess.run("history", "-v", "--json", "--url", url)).out();
    assertTrue(json.contains("\"runs\":[{\"action\":\"upgrade\",\"appliedAt\":\""), json);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void check_findsATableAddedByHand_exit3_andChangesNothing(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);
    ok(CliProcess.run("upgrade", "--url", url));
    execute(dataSource, "CREATE TABLE hand_made (id INTEGER)");

    Result drift = CliProcess.run("check", "--url", url);

    assertEquals(3, drift.exitCode(), drift::toString);
    assertTrue(
        drift.out().startsWith("checked 3 applied revisions: 3 checksums match\n"
            + "drift: the database differs from its revisions at " + HEAD + " in 1 place")
            && drift.out().contains("\n  table hand_made: "),
        drift::toString);
    Result json = CliProcess.run("check", "--json", "--url", url);
    assertEquals(3, json.exitCode());
    assertTrue(json.out().contains("\"ok\":false,") && json.out().contains("\"drift\":true"),
        json::toString);
    assertEquals(List.of(HEAD), versionRows(dataSource));
    assertTrue(tables(dataSource).contains("hand_made"));
  }

  @Test
  void check_withScratchUrl_replaysIntoThatDatabase_refusesTheLiveOne_postgres() {
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    String url = TestDatabase.POSTGRES.jdbcUrl(dataSource);
    DataSource scratch = TestDatabase.POSTGRES.create(tempDir);
    String scratchUrl = TestDatabase.POSTGRES.jdbcUrl(scratch);
    ok(CliProcess.run("upgrade", "--url", url));
    execute(dataSource, "CREATE TABLE hand_made (id INTEGER)");
    // A live user that may read but not create a schema: only a scratch database lets it check.
    String role = "reader_" + System.nanoTime();
    execute(dataSource, "CREATE ROLE " + role + " LOGIN");
    execute(dataSource, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + role);
    String readerUrl = url.replace("user=postgres", "user=" + role);

    Result refused = CliProcess.run("check", "--url", readerUrl);
    assertTrue(refused.err().contains("CREATE privilege"), refused::toString);

    Result drift = CliProcess.run("check", "--url", readerUrl, "--scratch-url", scratchUrl);

    assertEquals(3, drift.exitCode(), drift::toString);
    assertTrue(drift.out().contains("\n  table hand_made: only in the database\n"), drift::toString);
    assertEquals(List.of(), tables(scratch));

    Result same = CliProcess.run("check", "--url", url, "--scratch-url", url);
    assertTrue(
        same.err().startsWith("error: the scratch database the data source " + url
            + " is the live database (same server, same database name)"),
        same::toString);
  }

  /**
   * {@code check --target-url}: a developer's database brought to head matches (no pending
   * changes, exit 0); a column added there by hand is a pending change (exit 3). Neither the
   * checked database nor the target changes, and the target's password is never printed.
   */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void check_withTargetDatabase_reportsPendingChanges_exit3(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);
    ok(CliProcess.run("upgrade", "--url", url));
    DataSource developer = db.create(tempDir);
    String secret = "T4rget-S3cret";
    String targetUrl =
        db.jdbcUrl(developer) + (db == TestDatabase.POSTGRES ? "&password=" + secret : "");
    ok(CliProcess.run("upgrade", "--url", targetUrl));
    String maskedTarget = targetUrl.replace(secret, "****");

    Result same = ok(CliProcess.run("check", "--url", url, "--target-url", targetUrl));
    assertEquals(
        "checked 3 applied revisions: 3 checksums match\n"
            + "no drift: the database matches its revisions at " + HEAD + "\n"
            + "compared with the target, the database " + maskedTarget + "\n"
            + "no pending changes: the target matches the schema the revisions build at head\n",
        same.out());

    execute(developer, "ALTER TABLE audit ADD COLUMN actor VARCHAR(40)");
    Result pending = CliProcess.run("check", "--url", url, "--target-url", targetUrl);

    assertEquals(3, pending.exitCode(), pending::toString);
    assertEquals(
        "checked 3 applied revisions: 3 checksums match\n"
            + "no drift: the database matches its revisions at " + HEAD + "\n"
            + "compared with the target, the database " + maskedTarget + "\n"
            + "pending changes: the target differs from the schema the revisions build at head in"
            + " 1 place (the revisions ≠ the target)\n"
            + "  table audit: column actor: only in the target (varchar(40))\n",
        pending.out());
    Result json = CliProcess.run("check", "--json", "--url", url, "--target-url", targetUrl);
    assertEquals(3, json.exitCode(), json::toString);
    assertTrue(
        json.out().contains("\"drift\":false")
            && json.out().contains("\"pending\":true")
            && json.out()
                .contains(
                    "\"pendingChanges\":[\"table audit: column actor: only in the target"
                        + " (varchar(40))\"]"),
        json::toString);
    for (Result result : List.of(same, pending, json)) {
      assertFalse(result.all().contains(secret), result::toString);
    }
    assertEquals(List.of(HEAD), versionRows(dataSource));
    assertFalse(tables(dataSource).contains("hand_made"));
  }

  /** {@code check --target-ddl}: a table the model has and no revision creates is pending. */
  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void check_withTargetDdl_listsWhatNoRevisionBuilds_exit3(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir);
    String url = db.jdbcUrl(dataSource);
    ok(CliProcess.run("upgrade", "--url", url));
    DataSource model = db.create(tempDir);
    ok(CliProcess.run("upgrade", "--url", db.jdbcUrl(model)));
    // The DDL of the head schema, plus one table: on SQLite its stored CREATE text, on PostgreSQL
    // as written for it.
    String ddl =
        db == TestDatabase.SQLITE
            ? String.join(
                ";\n",
                query(
                    model,
                    "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE"
                        + " 'retort_%' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
            : "CREATE TABLE account (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " name VARCHAR(50) NOT NULL, email VARCHAR(200));\n"
                + "CREATE TABLE audit (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                + " at TIMESTAMP NOT NULL)";
    Path file =
        java.nio.file.Files.writeString(
            tempDir.resolve("model.sql"), ddl + ";\nCREATE TABLE tag (label VARCHAR(30));\n");

    Result pending = CliProcess.run("check", "--url", url, "--target-ddl", file.toString());

    assertEquals(3, pending.exitCode(), pending::toString);
    assertTrue(
        pending
            .out()
            .endsWith(
                "compared with the target, the DDL file " + file + "\n"
                    + "pending changes: the target differs from the schema the revisions build at"
                    + " head in 1 place (the revisions ≠ the target)\n"
                    + "  table tag: only in the target\n"),
        pending::toString);

    Result bad =
        CliProcess.run(
            "check", "--url", url, "--target-ddl", file.toString(), "--target-url", url);
    assertEquals(2, bad.exitCode(), bad::toString);
    assertTrue(bad.err().startsWith("error: both a target database ("), bad::toString);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void ensureVersion_createsTheTables_withNoRow(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);

    Result result = ok(CliProcess.run("ensure-version", "--url", db.jdbcUrl(dataSource)));

    assertEquals(
        "version table retort_version and history table retort_history are in place\n",
        result.out());
    assertEquals(List.of("retort_history", "retort_version"), tables(dataSource));
    assertEquals(List.of(), versionRows(dataSource));
  }

  @Test
  void versionTableSchema_putsTheBookkeepingTablesInThatSchema_postgres() {
    // PostgreSQL only: on SQLite a schema is an attached database, which a URL cannot attach.
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    String url = TestDatabase.POSTGRES.jdbcUrl(dataSource);
    execute(dataSource, "CREATE SCHEMA ops");

    ok(CliProcess.run("upgrade", "--version-table-schema", "ops", "--url", url));

    assertEquals(List.of(HEAD), query(dataSource, "SELECT version_num FROM ops.retort_version"));
    assertEquals("3", query(dataSource, "SELECT COUNT(*) FROM ops.retort_history").get(0));
    assertFalse(tables(dataSource).contains("retort_version"));
    assertTrue(
        ok(CliProcess.run("current", "--version-table-schema", "ops", "--url", url))
            .out()
            .startsWith(HEAD + "  (head)"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void settings_fromAPropertiesFile_withOtherTableNames(TestDatabase db) throws Exception {
    DataSource dataSource = db.create(tempDir);
    Path properties = tempDir.resolve("retort.properties");
    java.nio.file.Files.writeString(
        properties,
        "retort.url=" + db.jdbcUrl(dataSource).replace("\\", "\\\\") + "\n"
            + "retort.versionTable=alembic_version\n"
            + "retort.historyTable=ops_history\n"
            + "retort.lockTimeout=30s\n");

    ok(CliProcess.run("upgrade", "-c", properties.toString()));

    assertEquals(List.of(HEAD), query(dataSource, "SELECT version_num FROM alembic_version"));
    assertEquals("3", query(dataSource, "SELECT COUNT(*) FROM ops_history").get(0));
    assertFalse(tables(dataSource).contains("retort_version"));
    assertTrue(
        ok(CliProcess.run("current", "-v", "-c", properties.toString()))
            .out()
            .contains(", version table alembic_version\nRev: " + HEAD + " (head)\n"));
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.class)
  void sql_scriptsWrittenWithoutAConnection_bringAnEmptyDatabaseToHeadAndBack(TestDatabase db) {
    DataSource dataSource = db.create(tempDir);
    String dialect = db == TestDatabase.POSTGRES ? "postgresql" : "sqlite";

    // No URL: the script is written for the dialect alone, as a DBA receives it.
    Result up = ok(CliProcess.run("upgrade", "--sql", "--dialect", dialect));
    assertTrue(
        up.out().contains(BASE) && up.out().contains(MIDDLE) && up.out().contains(HEAD),
        up::toString);
    assertEquals(List.of(), tables(dataSource), "writing the script touched no database");
    SqlScripts.run(dataSource, up.out());
    assertEquals(List.of(HEAD), versionRows(dataSource));
    assertTrue(tables(dataSource).contains("audit"));
    assertTrue(
        ok(CliProcess.run("current", "--check-heads", "--url", db.jdbcUrl(dataSource)))
            .out()
            .startsWith(HEAD + "  (head)"));

    Result down =
        ok(CliProcess.run("downgrade", "head:" + MIDDLE, "--sql", "--url", db.jdbcUrl(dataSource)));
    SqlScripts.run(dataSource, down.out());
    assertEquals(List.of(MIDDLE), versionRows(dataSource));
    assertFalse(tables(dataSource).contains("audit"));

    Result json = ok(CliProcess.run("upgrade", MIDDLE + ":head", "--sql", "--json", "--dialect", dialect));
    assertTrue(
        json.out().startsWith("{\"command\":\"upgrade --sql\",\"dialect\":"), json::toString);
    assertTrue(json.out().contains("\"revisions\":[\"" + HEAD + "\"]"), json::toString);
  }

  @Test
  void readCommandsWithoutADatabase_headsShowBranchesHistory() {
    assertEquals(HEAD + "  (head)  create audit table\n", ok(CliProcess.run("heads")).out());
    assertEquals("(no branch points)\n", ok(CliProcess.run("branches")).out());
    assertEquals(
        MIDDLE + "  ->  " + HEAD + "  (head)  create audit table\n",
        ok(CliProcess.run("history", "-r", MIDDLE.substring(0, 4) + ":")).out()
            .lines()
            .filter(line -> line.contains("->  " + HEAD))
            .findFirst()
            .orElseThrow()
            + "\n");
    assertEquals(2, ok(CliProcess.run("history", "-r", "ae10:head")).out().lines().count());
    assertEquals(
        String.join(
            "\n",
            "Rev: " + MIDDLE,
            "Parent: " + BASE,
            "Child: " + HEAD,
            "Class: dev.retort.cli.fixture.AddEmail",
            "File: dev/retort/cli/fixture/AddEmail.java",
            "Transactional: yes, reversible: yes",
            "Checksum: ",
            "Allows: BackwardIncompatible (on account): no deployed code reads account.email"
                + " before this revision",
            "",
            "    add email to account",
            ""),
        ok(CliProcess.run("show", "ae1")).out().replaceAll("Checksum: [0-9a-f]{64}", "Checksum: "));
  }

  @Test
  void exitCodes_usage2_failure1() {
    Result unknownOption = CliProcess.run("current", "--no-such-option");
    assertEquals(2, unknownOption.exitCode(), unknownOption::toString);
    assertTrue(unknownOption.err().contains("Unknown option: '--no-such-option'"));

    Result noUrl = CliProcess.run("current");
    assertEquals(2, noUrl.exitCode(), noUrl::toString);
    assertEquals(
        "error: this command needs a database, and no JDBC URL was given; give it with --url, or"
            + " retort.url in a properties file (-c retort.properties)\n",
        noUrl.err());

    Result noTerminal =
        CliProcess.run("current", "-W", "--url", "jdbc:sqlite:" + tempDir.resolve("w.db"));
    assertEquals(2, noTerminal.exitCode(), noTerminal::toString);
    assertEquals(
        "error: -W needs a terminal to prompt on; set RETORT_PASSWORD or retort.password instead\n",
        noTerminal.err());

    Result missingTarget = CliProcess.run("downgrade");
    assertEquals(2, missingTarget.exitCode(), missingTarget::toString);

    Result badTarget =
        CliProcess.run("upgrade", "0bad", "--url", "jdbc:sqlite:" + tempDir.resolve("x.db"));
    assertEquals(1, badTarget.exitCode(), badTarget::toString);
    assertTrue(
        badTarget.err().startsWith("error: no revision in this build has an id starting with"),
        badTarget::toString);

    Result badTable =
        CliProcess.run(
            "current", "--version-table", "bad-name", "--url", "jdbc:sqlite:" + tempDir.resolve("y.db"));
    assertEquals(2, badTable.exitCode(), badTable::toString);
    assertTrue(badTable.err().contains("versionTable \"bad-name\" is not a plain SQL name"));
  }

  @Test
  void password_neverPrinted_inOutputErrorsOrUrls() throws Exception {
    String secret = "Sup3r-S3cret-pw";
    DataSource dataSource = TestDatabase.POSTGRES.create(tempDir);
    String url = TestDatabase.POSTGRES.jdbcUrl(dataSource) + "&password=" + secret;
    Map<String, String> env = Map.of("RETORT_PASSWORD", secret);

    // Embedded PostgreSQL trusts local connections, so the password is carried but not needed.
    Result upgrade = ok(CliProcess.run(env, null, "upgrade", "--url", url, "--user", "postgres"));
    Result verbose = ok(CliProcess.run(env, null, "current", "-v", "--url", url));
    assertTrue(verbose.out().startsWith("database: jdbc:postgresql://"), verbose::toString);
    assertTrue(verbose.out().contains("password=****"), verbose::toString);
    Result json = ok(CliProcess.run(env, null, "current", "--json", "--url", url));

    // A driver's own error message repeats the URL it was given.
    Result noDriver =
        CliProcess.run(env, null, "current", "--url", "jdbc:nosuchdb://db.example.com/app?password=" + secret);
    assertEquals(1, noDriver.exitCode(), noDriver::toString);
    assertTrue(noDriver.err().contains("no JDBC driver on the class path accepts"), noDriver::toString);
    Result userInfo =
        CliProcess.run("current", "--url", "jdbc:nosuchdb://deploy:" + secret + "@db.example.com/app");
    assertEquals(1, userInfo.exitCode(), userInfo::toString);
    assertTrue(userInfo.err().contains("deploy:****@db.example.com"), userInfo::toString);

    // A wrong password on a server that checks it: the message names the user, not the password.
    Path properties = tempDir.resolve("retort.properties");
    java.nio.file.Files.writeString(
        properties,
        "retort.url=jdbc:sqlite:" + tempDir.resolve("p.db").toString().replace("\\", "\\\\")
            + "?password=" + secret + "\nretort.password=" + secret + "\n");
    Result fromFile = CliProcess.run("current", "-v", "-c", properties.toString());

    for (Result result : List.of(upgrade, verbose, json, noDriver, userInfo, fromFile)) {
      assertFalse(result.all().contains(secret), result::toString);
    }
  }

  /** Each line of {@code text} matches the pattern at the same position; no other lines. */
  private static void assertLines(String text, String... patterns) {
    List<String> lines = text.lines().toList();
    assertEquals(patterns.length, lines.size(), text);
    for (int i = 0; i < patterns.length; i++) {
      assertTrue(Pattern.matches(patterns[i], lines.get(i)), lines.get(i) + " !~ " + patterns[i]);
    }
  }
}
