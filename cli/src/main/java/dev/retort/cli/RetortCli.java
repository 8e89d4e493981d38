package dev.retort.cli;

import dev.retort.commands.BranchesCommand;
import dev.retort.commands.CheckCommand;
import dev.retort.commands.CommandResult;
import dev.retort.commands.CurrentCommand;
import dev.retort.commands.DowngradeCommand;
import dev.retort.commands.EnsureVersionCommand;
import dev.retort.commands.ExitCode;
import dev.retort.commands.HeadsCommand;
import dev.retort.commands.HistoryCommand;
import dev.retort.commands.MergeCommand;
import dev.retort.commands.Redactor;
import dev.retort.commands.Renderer;
import dev.retort.commands.RevisionCommand;
import dev.retort.commands.RuntimeLog;
import dev.retort.commands.ScriptCommand;
import dev.retort.commands.Settings;
import dev.retort.commands.ShowCommand;
import dev.retort.commands.StampCommand;
import dev.retort.commands.UpgradeCommand;
import dev.retort.commands.UsageException;
import dev.retort.runtime.Direction;
import dev.retort.runtime.Retort;
import java.io.Console;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The {@code retort} command line: Alembic's commands over the application's generated registry.
 *
 * <pre>
 * java -cp "app.jar:lib/*:retort-cli.jar" dev.retort.cli.RetortCli upgrade --url jdbc:sqlite:app.db
 * java -jar retort-cli-all.jar revision -m "add phone to resource"
 * </pre>
 *
 * <p>An application can offer the same commands from its own {@code main}: {@code
 * System.exit(RetortCli.run(args))}. Exit codes are those of {@link ExitCode}. The password comes
 * from {@code RETORT_PASSWORD}, a prompt ({@code -W}) or the properties file, never from the
 * command line, and every line printed goes through one {@link Redactor}.
 */
@Command(
    name = "retort",
    mixinStandardHelpOptions = true,
    version = "retort 0.1.0-SNAPSHOT",
    description = "Alembic-style database migrations: upgrade, downgrade, current, history, ...",
    subcommands = {
      RetortCli.Upgrade.class,
      RetortCli.Downgrade.class,
      RetortCli.Current.class,
      RetortCli.History.class,
      RetortCli.Heads.class,
      RetortCli.Branches.class,
      RetortCli.Show.class,
      RetortCli.Stamp.class,
      RetortCli.Check.class,
      RetortCli.EnsureVersion.class,
      RetortCli.NewRevision.class,
      RetortCli.Merge.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:the command failed (database or revision error)",
      "2:usage error",
      "3:not at head (current --check-heads), or check found a difference (checksum, drift,"
          + " pending changes)"
    })
public final class RetortCli implements Callable<Integer> {
  private static final String HOW_TO_GIVE_URL =
      "give it with --url, or retort.url in a properties file (-c retort.properties)";

  private final Environment environment;

  private RetortCli(Environment environment) {
    this.environment = environment;
  }

  /** Runs one command and exits with its {@link ExitCode}. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command on this process's streams and environment; returns its exit code. */
  public static int run(String... args) {
    return run(System.out, System.err, System.getenv(), args);
  }

  /** Runs one command with the given streams and environment; returns its exit code. */
  public static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    Environment environment = new Environment(out, err, env);
    CommandLine commandLine = new CommandLine(new RetortCli(environment), new Factory(environment));
    commandLine.setOut(new java.io.PrintWriter(out, true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    // Usage errors are printed here, through no redactor: they echo only what was typed, and the
    // password is never typed on the command line.
    commandLine.setParameterExceptionHandler(
        (e, arguments) -> {
          err.println("error: " + Redactor.of(String.join(" ", arguments)).redact(e.getMessage()));
          e.getCommandLine().usage(err);
          return ExitCode.USAGE;
        });
    return commandLine.execute(args);
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(environment.out);
    return ExitCode.USAGE;
  }

  /** Streams and environment, given to every subcommand. */
  record Environment(PrintStream out, PrintStream err, Map<String, String> env) {}

  /** Creates subcommands with the environment. */
  private record Factory(Environment environment) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> type) throws Exception {
      if (Base.class.isAssignableFrom(type)) {
        K instance = type.getDeclaredConstructor().newInstance();
        ((Base) instance).environment = environment;
        return instance;
      }
      if (type == RetortCli.class) {
        return type.cast(new RetortCli(environment));
      }
      return CommandLine.defaultFactory().create(type);
    }
  }

  /** The connection settings every database command takes. */
  static final class ConnectionOptions {
    @Option(names = "--url", description = "JDBC URL of the database (or retort.url)")
    String url;

    @Option(names = "--user", description = "database user (or retort.user)")
    String user;

    @Option(
        names = {"-W", "--password-prompt"},
        description = "prompt for the password (else RETORT_PASSWORD, else retort.password)")
    boolean prompt;

    @Option(
        names = {"-c", "--config"},
        description = "properties file with retort.url, retort.user, retort.password, ...")
    Path config;

    @Option(names = "--version-table", description = "version table (default retort_version)")
    String versionTable;

    @Option(
        names = "--version-table-schema",
        description = "schema of the version and history tables (Alembic's version_table_schema)")
    String versionTableSchema;

    @Option(names = "--history-table", description = "history table (default retort_history)")
    String historyTable;

    @Option(names = "--lock-timeout", description = "wait for another migration: 30s, 5m, PT5M")
    String lockTimeout;

    @Option(
        names = "--revision-lock-timeout",
        description = "PostgreSQL lock_timeout of revisions that set none: 10s (default), 0 = none")
    String revisionLockTimeout;

    @Option(
        names = "--revision-statement-timeout",
        description = "PostgreSQL statement_timeout of revisions that set none: 0 (default) = none")
    String revisionStatementTimeout;

    @Option(
        names = "--revision-retries",
        description = "runs of a revision in all after lock timeouts: 1 (default) = no retry")
    String revisionRetries;

    @Option(
        names = "--revision-retry-delay",
        description = "wait between those runs: 10s (default)")
    String revisionRetryDelay;

    @Option(
        names = "--dialect",
        description = "postgresql or sqlite (default: from the URL); lets --sql run without --url")
    String dialect;
  }

  /** What every subcommand shares: output format, settings, error handling. */
  abstract static class Base implements Callable<Integer> {
    Environment environment;

    @Option(names = "--json", description = "print the result as one JSON object")
    boolean json;

    @Override
    public final Integer call() {
      Redactor redactor = Redactor.of(null);
      try {
        Settings settings = settings();
        if (settings != null) {
          redactor = settings.redactor();
        }
        installLogHandler(redactor);
        CommandResult result = execute(settings, redactor);
        print(redactor, json ? Renderer.json(result) : Renderer.text(result));
        return result.exitCode();
      } catch (RuntimeException e) {
        environment.err.println("error: " + redactor.redact(String.valueOf(e.getMessage())));
        return ExitCode.of(e);
      }
    }

    /** The settings, or null for a command that needs none. */
    abstract Settings settings();

    abstract CommandResult execute(Settings settings, Redactor redactor);

    void print(Redactor redactor, String text) {
      environment.out.println(redactor.redact(text));
    }

    void installLogHandler(Redactor redactor) {
      RuntimeLog.route(redactor, environment.err::println);
    }
  }

  /** A command that runs on a database through the application's registry. */
  abstract static class DatabaseCommand extends Base {
    @Mixin ConnectionOptions connection;

    @Override
    Settings settings() {
      return builder().build();
    }

    /** The connection settings from the options, the environment and the properties file. */
    Settings.Builder builder() {
      return connectionSettings(connection, environment);
    }

    @Override
    final CommandResult execute(Settings settings, Redactor redactor) {
      return run(settings.load(classLoader(), HOW_TO_GIVE_URL), redactor);
    }

    abstract CommandResult run(Retort retort, Redactor redactor);
  }

  /** The class loader the application's registry and JDBC drivers are found through. */
  static ClassLoader classLoader() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return loader == null ? RetortCli.class.getClassLoader() : loader;
  }

  /** The connection settings from {@code connection}, the environment and the properties file. */
  static Settings.Builder connectionSettings(
      ConnectionOptions connection, Environment environment) {
    String password = null;
    if (connection.prompt) {
      Console console = System.console();
      if (console == null) {
        throw new UsageException(
            "-W needs a terminal to prompt on; set RETORT_PASSWORD or retort.password instead");
      }
      char[] typed = console.readPassword("password: ");
      password = typed == null ? null : new String(typed);
    }
    return Settings.builder()
        .url(connection.url)
        .user(connection.user)
        .password(password)
        .environmentPassword(environment.env.get(Settings.PASSWORD_VARIABLE))
        .versionTable(connection.versionTable)
        .versionTableSchema(connection.versionTableSchema)
        .historyTable(connection.historyTable)
        .lockTimeout(connection.lockTimeout)
        .revisionLockTimeout(connection.revisionLockTimeout)
        .revisionStatementTimeout(connection.revisionStatementTimeout)
        .revisionRetries(connection.revisionRetries)
        .revisionRetryDelay(connection.revisionRetryDelay)
        .dialect(connection.dialect)
        .propertiesFile(connection.config);
  }

  /** The target schema, for check's pending changes and revision --autogenerate. */
  static final class TargetOptions {
    @Option(
        names = "--target-url",
        description =
            "JDBC URL of a database with the wanted schema, only read (or retort.targetUrl);"
                + " password from RETORT_TARGET_PASSWORD or retort.targetPassword")
    String targetUrl;

    @Option(
        names = "--target-user",
        description = "the target database's user (or retort.targetUser)")
    String targetUser;

    @Option(
        names = "--target-ddl",
        description =
            "SQL file of DDL with the wanted schema, e.g. Hibernate's schema export (or"
                + " retort.targetDdl)")
    Path targetDdl;

    Settings.Builder addTo(Settings.Builder settings, Environment environment) {
      return settings
          .targetUrl(targetUrl)
          .targetUser(targetUser)
          .environmentTargetPassword(environment.env.get(Settings.TARGET_PASSWORD_VARIABLE))
          .targetDdl(targetDdl);
    }

    boolean isGiven() {
      return targetUrl != null || targetUser != null || targetDdl != null;
    }
  }

  @Command(name = "upgrade", description = "Apply revisions up to a target (default head).")
  static final class Upgrade extends DatabaseCommand {
    @Parameters(
        index = "0",
        defaultValue = "head",
        description = "head, an id, +N, <id>+N, ...; with --sql, [start:]end")
    String target;

    @Mixin OfflineOptions offline;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      if (offline.sql) {
        return new ScriptCommand(Direction.UPGRADE, target, offline.placeholders).run(retort);
      }
      return new UpgradeCommand(target)
          .run(
              retort,
              applied -> {
                if (!json) {
                  print(redactor, Renderer.progress(applied));
                }
              });
    }
  }

  @Command(name = "downgrade", description = "Revert applied revisions down to a target.")
  static final class Downgrade extends DatabaseCommand {
    @Parameters(index = "0", description = "base, an id, -N, <id>-N, ...; with --sql, start:end")
    String target;

    @Mixin OfflineOptions offline;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      if (offline.sql) {
        return new ScriptCommand(Direction.DOWNGRADE, target, offline.placeholders).run(retort);
      }
      return new DowngradeCommand(target)
          .run(
              retort,
              applied -> {
                if (!json) {
                  print(redactor, Renderer.progress(applied));
                }
              });
    }
  }

  /** Alembic's offline mode, on upgrade and downgrade. */
  static final class OfflineOptions {
    @Option(
        names = "--sql",
        description = "print the SQL script instead of running it (no connection with --dialect)")
    boolean sql;

    @Option(
        names = "--sql-placeholders",
        description = "with --sql, write a comment for a revision that reads the database")
    boolean placeholders;
  }

  @Command(name = "current", description = "Show the revision(s) the database is at.")
  static final class Current extends DatabaseCommand {
    @Option(names = {"-v", "--verbose"}, description = "show each revision's details")
    boolean verbose;

    @Option(names = "--check-heads", description = "exit 3 unless the database is at head")
    boolean checkHeads;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new CurrentCommand(verbose, checkHeads).run(retort);
    }
  }

  @Command(name = "history", description = "List revisions, newest first.")
  static final class History extends DatabaseCommand {
    @Option(names = {"-r", "--rev-range"}, description = "start:end, e.g. base:head, 1b7e:current")
    String range;

    @Option(names = {"-v", "--verbose"}, description = "details of each revision (reads the database)")
    boolean verbose;

    @Option(
        names = {"-i", "--indicate-current"},
        description = "mark the current revision (reads the database)")
    boolean indicateCurrent;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new HistoryCommand(range, verbose, indicateCurrent).run(retort);
    }
  }

  @Command(name = "heads", description = "Show this build's head(s).")
  static final class Heads extends DatabaseCommand {
    @Option(names = {"-v", "--verbose"}, description = "show each head's details")
    boolean verbose;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new HeadsCommand(verbose).run(retort);
    }
  }

  @Command(name = "branches", description = "Show revisions where the history branches.")
  static final class Branches extends DatabaseCommand {
    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new BranchesCommand().run(retort);
    }
  }

  @Command(name = "show", description = "Show one revision.")
  static final class Show extends DatabaseCommand {
    @Parameters(index = "0", description = "an id, a unique prefix, or head")
    String revision;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new ShowCommand(revision).run(retort);
    }
  }

  @Command(name = "stamp", description = "Set the version table to a revision without running any.")
  static final class Stamp extends DatabaseCommand {
    @Parameters(index = "0", description = "head, base or an id")
    String target;

    @Option(
        names = "--purge",
        description = "accepted for Alembic's scripts: Retort's stamp always replaces every row")
    boolean purge;

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new StampCommand(target).run(retort);
    }
  }

  @Command(
      name = "check",
      description =
          "Check the checksums of applied revisions, then the live schema for drift, then (with"
              + " --target-url or --target-ddl) the revisions at head against the target schema"
              + " for pending changes; exit 3 on any.")
  static final class Check extends DatabaseCommand {
    @Option(
        names = "--scratch-url",
        description =
            "JDBC URL of an empty PostgreSQL database to replay into, instead of a temporary"
                + " schema in the live one (or retort.scratchUrl); same user and password")
    String scratchUrl;

    @Mixin TargetOptions target;

    private Settings settings;

    @Override
    Settings settings() {
      settings = target.addTo(builder(), environment).scratchUrl(scratchUrl).build();
      return settings;
    }

    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new CheckCommand(settings.target(classLoader()), settings.targetName()).run(retort);
    }
  }

  @Command(name = "ensure-version", description = "Create the version and history tables.")
  static final class EnsureVersion extends DatabaseCommand {
    @Override
    CommandResult run(Retort retort, Redactor redactor) {
      return new EnsureVersionCommand().run(retort);
    }
  }

  /** The options of the two scaffolding commands; they read sources, not the database. */
  abstract static class SourceCommand extends Base {
    @Option(names = {"-m", "--message"}, required = true, description = "the revision's message")
    String message;

    @Option(names = "--rev-id", description = "the id (default: 12 random hex digits)")
    String revisionId;

    @Option(names = "--package", description = "the package (default: the head's)")
    String packageName;

    @Option(
        names = "--source-dir",
        defaultValue = "src/main/java",
        description = "the source root (default: ${DEFAULT-VALUE})")
    Path sourceDir;

    @Override
    Settings settings() {
      return null;
    }
  }

  @Command(
      name = "revision",
      description =
          "Write a new revision class on top of the head; with --autogenerate, one whose upgrade"
              + " and downgrade make the difference between the revisions at head and the target"
              + " schema (--target-url or --target-ddl; the revisions run in scratch space on"
              + " --url's database).")
  static final class NewRevision extends SourceCommand {
    @Option(names = "--head", description = "the revision to build on (default: the one head)")
    String head;

    @Option(
        names = "--autogenerate",
        description =
            "write the operations that take the revisions' schema to the target schema; nothing"
                + " is written when they match")
    boolean autogenerate;

    @Mixin ConnectionOptions connection;

    @Mixin TargetOptions target;

    @Override
    Settings settings() {
      if (!autogenerate) {
        if (target.isGiven()) {
          throw new UsageException(
              "--target-url, --target-user and --target-ddl go with --autogenerate");
        }
        return null;
      }
      return target.addTo(connectionSettings(connection, environment), environment).build();
    }

    @Override
    CommandResult execute(Settings settings, Redactor redactor) {
      RevisionCommand command =
          new RevisionCommand(sourceDir, message, revisionId, head, packageName);
      if (!autogenerate) {
        return command.run();
      }
      if (!settings.hasTarget()) {
        throw new UsageException(
            "revision --autogenerate needs the target schema: give --target-url (a database that"
                + " has it) or --target-ddl (a file of DDL that creates it), or set"
                + " retort.targetUrl or retort.targetDdl");
      }
      Retort retort = settings.load(classLoader(), HOW_TO_GIVE_URL);
      return command.autogenerate(retort, settings.target(classLoader()), settings.targetName());
    }
  }

  @Command(name = "merge", description = "Write a merge revision joining the heads.")
  static final class Merge extends SourceCommand {
    @Parameters(arity = "0..*", description = "heads (default), or two or more revisions")
    List<String> revisions = new ArrayList<>();

    @Override
    CommandResult execute(Settings settings, Redactor redactor) {
      return new MergeCommand(sourceDir, revisions, message, revisionId, packageName).run();
    }
  }
}
