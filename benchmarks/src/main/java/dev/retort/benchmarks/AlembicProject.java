package dev.retort.benchmarks;

import dev.retort.benchmarks.child.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmark's history as an Alembic project, as {@code alembic init} (the generic template)
 * makes one: {@code alembic.ini} with the template's logging (the {@code alembic} logger at INFO to
 * standard error), the template's {@code env.py} (online mode, one engine with {@code NullPool}, all
 * revisions in one transaction, Alembic's default), and one file per revision under {@code
 * versions/} whose {@code upgrade()} runs the same DDL as every other tool. {@code child.py} is the
 * child process: it times {@code command.upgrade(config, "head")}, imports included, and prints the
 * runner's report line.
 *
 * <p>It runs on the system's Python 3 with Debian's {@code python3-alembic} (which brings
 * SQLAlchemy) and {@code python3-psycopg2}; {@link #available} says whether they are there.
 */
final class AlembicProject {
  /** The system Python, where Debian's packages are. */
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Path root;

  private AlembicProject(Path root) {
    this.root = root;
  }

  /** True when {@link #PYTHON} imports alembic, sqlalchemy and psycopg2. */
  static boolean available() {
    if (!Files.isExecutable(PYTHON)) {
      return false;
    }
    try {
      Process process =
          new ProcessBuilder(
                  PYTHON.toString(), "-c", "import alembic, sqlalchemy, psycopg2")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Alembic's version, for the results. */
  static String version() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                PYTHON.toString(),
                "-c",
                "import alembic, sqlalchemy, psycopg2;"
                    + " print('Alembic', alembic.__version__, '(SQLAlchemy',"
                    + " sqlalchemy.__version__ + ', psycopg2', psycopg2.__version__.split()[0]"
                    + " + ', Python', __import__('platform').python_version() + ')')")
            .redirectErrorStream(true)
            .start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    return out.trim();
  }

  /** Writes the project for {@code n} revisions under {@code root}. */
  static AlembicProject write(Path root, int n) throws IOException {
    Path versions = Files.createDirectories(root.resolve("versions"));
    Files.writeString(root.resolve("alembic.ini"), INI, StandardCharsets.UTF_8);
    Files.writeString(root.resolve("env.py"), ENV, StandardCharsets.UTF_8);
    Files.writeString(root.resolve("child.py"), CHILD, StandardCharsets.UTF_8);
    for (int i = 1; i <= n; i++) {
      Files.writeString(
          versions.resolve(Schema.id(i) + "_create_t" + i + ".py"),
          revision(i),
          StandardCharsets.UTF_8);
    }
    return new AlembicProject(root);
  }

  /** The child's command line: Python, {@code child.py}, the ini file and the SQLAlchemy URL. */
  List<String> command(Database.Target target) {
    return List.of(
        PYTHON.toString(),
        root.resolve("child.py").toString(),
        root.resolve("alembic.ini").toString(),
        sqlalchemyUrl(target));
  }

  /** The target's JDBC URL as SQLAlchemy spells it. */
  static String sqlalchemyUrl(Database.Target target) {
    String url = target.url();
    if (url.startsWith("jdbc:sqlite:")) {
      return "sqlite:///" + url.substring("jdbc:sqlite:".length());
    }
    if (url.startsWith("jdbc:postgresql://")) {
      String rest = url.substring("jdbc:postgresql://".length());
      String user = target.user() == null ? "" : target.user() + "@";
      return "postgresql+psycopg2://" + user + rest;
    }
    throw new IllegalArgumentException("no SQLAlchemy URL for " + url);
  }

  /** A revision as {@code alembic revision -m "create t<i>"} writes it, with its upgrade filled in. */
  private static String revision(int i) {
    String down = i == 1 ? "None" : "'" + Schema.id(i - 1) + "'";
    return """
        \"""create t%d

        Revision ID: %s
        Revises: %s
        \"""
        from alembic import op


        # revision identifiers, used by Alembic.
        revision = '%s'
        down_revision = %s
        branch_labels = None
        depends_on = None


        def upgrade() -> None:
            op.execute("%s")


        def downgrade() -> None:
            op.execute("DROP TABLE t%d")
        """
        .formatted(
            i,
            Schema.id(i),
            i == 1 ? "" : Schema.id(i - 1),
            Schema.id(i),
            down,
            Schema.ddl(i),
            i);
  }

  /** The generic template's alembic.ini, its comments left out; the URL comes from the child. */
  private static final String INI =
      """
      [alembic]
      script_location = %(here)s
      prepend_sys_path = .
      version_path_separator = os
      sqlalchemy.url = driver://user:pass@localhost/dbname

      [post_write_hooks]

      [loggers]
      keys = root,sqlalchemy,alembic

      [handlers]
      keys = console

      [formatters]
      keys = generic

      [logger_root]
      level = WARN
      handlers = console
      qualname =

      [logger_sqlalchemy]
      level = WARN
      handlers =
      qualname = sqlalchemy.engine

      [logger_alembic]
      level = INFO
      handlers =
      qualname = alembic

      [handler_console]
      class = StreamHandler
      args = (sys.stderr,)
      level = NOTSET
      formatter = generic

      [formatter_generic]
      format = %(levelname)-5.5s [%(name)s] %(message)s
      datefmt = %H:%M:%S
      """;

  /** The generic template's env.py, online mode only (the benchmark never runs offline). */
  private static final String ENV =
      """
      from logging.config import fileConfig

      from sqlalchemy import engine_from_config
      from sqlalchemy import pool

      from alembic import context

      config = context.config
      if config.config_file_name is not None:
          fileConfig(config.config_file_name)
      target_metadata = None


      def run_migrations_online() -> None:
          connectable = engine_from_config(
              config.get_section(config.config_ini_section),
              prefix="sqlalchemy.",
              poolclass=pool.NullPool,
          )
          with connectable.connect() as connection:
              context.configure(
                  connection=connection, target_metadata=target_metadata
              )
              with context.begin_transaction():
                  context.run_migrations()


      run_migrations_online()
      """;

  /**
   * The child: {@code child.py <alembic.ini> <url>}. Times {@code alembic upgrade head} from
   * before importing Alembic (as a JVM child's call time includes loading the tool's classes);
   * peak RSS from {@code /proc/self/status}, as the Java children report it.
   */
  private static final String CHILD =
      """
      import sys
      import time

      started = time.perf_counter_ns()
      from alembic import command
      from alembic.config import Config

      config = Config(sys.argv[1])
      config.set_main_option("sqlalchemy.url", sys.argv[2])
      command.upgrade(config, "head")
      took = time.perf_counter_ns() - started

      hwm = -1
      with open("/proc/self/status") as status:
          for line in status:
              if line.startswith("VmHWM:"):
                  hwm = int(line.split()[1])
      print("BENCH callNanos=%d classes=0 hwmKb=%d" % (took, hwm), flush=True)
      """;
}
