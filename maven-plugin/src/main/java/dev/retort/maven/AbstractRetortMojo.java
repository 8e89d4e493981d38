package dev.retort.maven;

import dev.retort.commands.CommandResult;
import dev.retort.commands.ExitCode;
import dev.retort.commands.Redactor;
import dev.retort.commands.Renderer;
import dev.retort.commands.RuntimeLog;
import dev.retort.commands.Settings;
import dev.retort.commands.UsageException;
import dev.retort.runtime.Retort;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal shares: reading the settings, printing a result through the commands module's
 * renderer and redactor, and turning its exit code into the build's result. A goal only maps its
 * parameters to one command; no command logic lives here.
 */
abstract class AbstractRetortMojo extends AbstractMojo {
  private static final String HOW_TO_GIVE_URL =
      "give it with -Dretort.url=..., <url> in the plugin's configuration, or retort.url in the"
          + " properties file (<propertiesFile>, -Dretort.config=...)";

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  MavenProject project;

  /** The JDBC URL. */
  @Parameter(property = "retort.url")
  String url;

  /** The database user. */
  @Parameter(property = "retort.user")
  String user;

  /**
   * The password; better from {@code RETORT_PASSWORD} or the properties file than in the pom.
   * Never printed.
   */
  @Parameter(property = "retort.password")
  String password;

  /** A properties file with {@code retort.url}, {@code retort.user}, {@code retort.password}, ... */
  @Parameter(property = "retort.config")
  File propertiesFile;

  /** The version table; default {@code retort_version}. */
  @Parameter(property = "retort.versionTable")
  String versionTable;

  /** The schema of the version and history tables: Alembic's {@code version_table_schema}. */
  @Parameter(property = "retort.versionTableSchema")
  String versionTableSchema;

  /** The history table; default {@code retort_history}. */
  @Parameter(property = "retort.historyTable")
  String historyTable;

  /** How long to wait for another migration: {@code 30s}, {@code 5m}, {@code PT5M}. */
  @Parameter(property = "retort.lockTimeout")
  String lockTimeout;

  /** postgresql or sqlite; default from the URL. Lets {@code -Dretort.sql} run without a URL. */
  @Parameter(property = "retort.dialect")
  String dialect;

  /** Print results as JSON. */
  @Parameter(property = "retort.json", defaultValue = "false")
  boolean json;

  /** Skip the goal. */
  @Parameter(property = "retort.skip", defaultValue = "false")
  boolean skip;

  /** The drivers {@link #retort} registered for this goal; removed when it ends. */
  private final List<java.sql.Driver> shims = new ArrayList<>();

  @Override
  public final void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("retort: skipped (retort.skip)");
      return;
    }
    Redactor redactor = Redactor.of(url, password);
    CommandResult result;
    ClassLoader contextLoader = Thread.currentThread().getContextClassLoader();
    try {
      Settings settings =
          configure(Settings.builder())
              .url(url)
              .user(user)
              .password(password)
              .environmentPassword(System.getenv(Settings.PASSWORD_VARIABLE))
              .versionTable(versionTable)
              .versionTableSchema(versionTableSchema)
              .historyTable(historyTable)
              .lockTimeout(lockTimeout)
              .dialect(dialect)
              .propertiesFile(propertiesFile == null ? null : propertiesFile.toPath())
              .build();
      redactor = settings.redactor();
      Redactor logRedactor = redactor;
      RuntimeLog.route(logRedactor, line -> getLog().warn(line));
      result = run(settings, redactor);
    } catch (RuntimeException e) {
      String message = redactor.redact(String.valueOf(e.getMessage()));
      getLog().error(message);
      int code = ExitCode.of(e);
      throw new MojoFailureException(
          "retort: " + message + " (exit code " + code + (code == ExitCode.USAGE ? ", usage" : "")
              + ")");
    } finally {
      Thread.currentThread().setContextClassLoader(contextLoader);
      DriverShim.deregisterAll(shims);
      shims.clear();
    }
    print(redactor, json ? Renderer.json(result) : Renderer.text(result));
    if (result.exitCode() != ExitCode.OK) {
      throw new MojoFailureException(
          "retort: "
              + (result instanceof CommandResult.Checked
                  ? "check found a difference"
                  : "the database is not at head")
              + " (exit code "
              + result.exitCode()
              + ")");
    }
  }

  /** Adds the goal's own settings to the shared ones; the check's target, say. */
  Settings.Builder configure(Settings.Builder builder) {
    return builder;
  }

  /** Runs the goal's command. */
  abstract CommandResult run(Settings settings, Redactor redactor);

  /** Prints every line of {@code text} at INFO, masked. */
  void print(Redactor redactor, String text) {
    for (String line : redactor.redact(text).split("\n", -1)) {
      getLog().info(line);
    }
  }

  /**
   * A {@link Retort} over the project's compiled classes and runtime dependencies. The plugin's
   * own Retort classes come first (parent first), so the generated registry implements the same
   * {@code RevisionRegistry} the commands call.
   */
  Retort retort(Settings settings) {
    List<URL> urls = new ArrayList<>();
    try {
      for (String element : project.getRuntimeClasspathElements()) {
        urls.add(new File(element).toURI().toURL());
      }
    } catch (DependencyResolutionRequiredException | MalformedURLException e) {
      throw new UsageException("cannot read the project's class path: " + e.getMessage());
    }
    ClassLoader loader =
        new URLClassLoader(urls.toArray(new URL[0]), AbstractRetortMojo.class.getClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    shims.addAll(DriverShim.registerAll(loader));
    return settings.load(loader, HOW_TO_GIVE_URL);
  }
}
