package dev.retort.runtime.internal;

import dev.retort.runtime.Direction;
import dev.retort.runtime.InvalidTargetException;
import dev.retort.runtime.Migration;
import dev.retort.runtime.RetortException;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import dev.retort.runtime.SqlScript;
import dev.retort.runtime.dialect.Dialect;
import dev.retort.runtime.dialect.SqliteDialect;
import dev.retort.runtime.history.HistoryStore;
import dev.retort.runtime.history.VersionStore;
import dev.retort.runtime.ops.Operation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Writes offline scripts, Alembic's {@code --sql}, without a connection to the target database.
 *
 * <p>Each revision runs against {@link OfflineOperations}, so its typed operations are rendered by
 * the dialect's own code, and the statements it sends are recorded. What the dialect would read
 * from the catalog comes from an {@link OfflineDatabase} that has followed every earlier revision:
 * on SQLite a scratch in-memory database the statements are replayed into (a batch rebuild reads
 * the table's definition there), on PostgreSQL a model of the enum types. A script that does not
 * start from base first replays the revisions below its start, writing nothing.
 */
public final class OfflineScripts {
  private final RevisionRegistry registry;
  private final Supplier<RevisionGraph> graph;
  private final DataSource dataSource;
  private final Dialect configured;
  private final String versionTable;
  private final String historyTable;

  public OfflineScripts(
      RevisionRegistry registry,
      Supplier<RevisionGraph> graph,
      DataSource dataSource,
      Dialect configured,
      String versionTable,
      String historyTable) {
    this.registry = registry;
    this.graph = graph;
    this.dataSource = dataSource;
    this.configured = configured;
    this.versionTable = versionTable;
    this.historyTable = historyTable;
  }

  public SqlScript upgrade(String range, SqlScript.DatabaseReads reads) {
    return write(Direction.UPGRADE, range, reads);
  }

  public SqlScript downgrade(String range, SqlScript.DatabaseReads reads) {
    return write(Direction.DOWNGRADE, range, reads);
  }

  /**
   * The dialect: the configured one; else the one a JDBC URL names, connecting to nothing; else the
   * one the data source's metadata reports (a connection that reads no table).
   */
  Dialect dialect() {
    if (configured != null) {
      return configured;
    }
    if (dataSource instanceof DriverManagerDataSource plain) {
      String url = plain.url();
      if (url.startsWith("jdbc:postgresql:")) {
        return Dialect.postgres();
      }
      if (url.startsWith("jdbc:sqlite:")) {
        return Dialect.sqlite();
      }
    }
    if (dataSource == null) {
      throw new RetortException(Messages.noOfflineDialect());
    }
    try (Connection connection = dataSource.getConnection()) {
      return Dialect.detect(connection);
    } catch (SQLException e) {
      throw new RetortException(
          "could not detect the database for offline SQL from the data source: "
              + e.getMessage()
              + "; set dialect(Dialect.postgres()) or dialect(Dialect.sqlite()), which needs no"
              + " connection",
          e);
    }
  }

  private SqlScript write(Direction direction, String range, SqlScript.DatabaseReads reads) {
    Objects.requireNonNull(range, "range == null");
    Objects.requireNonNull(reads, "reads == null");
    int colon = range.indexOf(':');
    String startText = colon < 0 ? null : range.substring(0, colon).strip();
    String endText = colon < 0 ? range : range.substring(colon + 1);
    if (direction == Direction.DOWNGRADE && startText == null) {
      throw new InvalidTargetException(Messages.downgradeScriptNeedsStart(range));
    }
    RevisionGraph graph = this.graph.get();
    List<String> from = startText == null ? List.of() : start(graph, startText);
    AppliedState state = AppliedState.of(graph, from, versionTable);
    Target target = Target.parse(endText);
    Dialect dialect = dialect();
    int[] plan =
        direction == Direction.UPGRADE
            ? Planner.upgrade(graph, state, target)
            : Planner.downgrade(graph, state, target, dialect.database());
    try (OfflineDatabase database =
        dialect instanceof SqliteDialect ? ScratchSqlite.open() : new PostgresCatalogModel()) {
      return new Writer(graph, dialect, database, reads, direction).write(state, from, plan);
    }
  }

  private List<String> start(RevisionGraph graph, String text) {
    Target start = Target.parse(text);
    if (start instanceof Target.Base) {
      return List.of();
    }
    if (start instanceof Target.Head) {
      return registry.heads();
    }
    if (start instanceof Target.Revision revision) {
      return List.of(graph.id(graph.resolve(revision.idOrPrefix())));
    }
    throw new InvalidTargetException(Messages.notAScriptStart(text));
  }

  /** One script being written. */
  private final class Writer {
    private final RevisionGraph graph;
    private final Dialect dialect;
    private final OfflineDatabase database;
    private final SqlScript.DatabaseReads reads;
    private final Direction direction;
    private final StringBuilder text = new StringBuilder();
    private final List<String> revisions = new ArrayList<>();
    private final List<String> placeholders = new ArrayList<>();

    /** The revision left out, after which the schema is unknown; null while it is known. */
    private String leftOut;

    Writer(
        RevisionGraph graph,
        Dialect dialect,
        OfflineDatabase database,
        SqlScript.DatabaseReads reads,
        Direction direction) {
      this.graph = graph;
      this.dialect = dialect;
      this.database = database;
      this.reads = reads;
      this.direction = direction;
    }

    SqlScript write(AppliedState state, List<String> from, int[] plan) {
      // The schema the script starts from: the revisions the start has applied, in order.
      BitSet applied = state.applied();
      for (int i = applied.nextSetBit(0); i >= 0; i = applied.nextSetBit(i + 1)) {
        if (!graph.info(i).runsOn(dialect.database())) {
          continue; // recorded without running on this database
        }
        if (run(i, Direction.UPGRADE, null) == null) {
          RevisionInfo info = graph.info(i);
          if (reads == SqlScript.DatabaseReads.FAIL) {
            throw new RetortException(Messages.readsDatabase(info, true));
          }
          leftOut = graph.describe(i);
        }
      }
      boolean upgrading = direction == Direction.UPGRADE;
      line(
          "-- Retort "
              + (upgrading ? "upgrade" : "downgrade")
              + " script for "
              + dialect.name()
              + ", written offline: "
              + Messages.rows(from)
              + " -> "
              + Messages.rows(after(state, plan)));
      line("-- version table " + versionTable + ", history table " + historyTable);
      if (upgrading && from.isEmpty()) {
        text.append('\n');
        line("-- Retort's version and history tables");
        statement(dialect.beginTransaction());
        for (VersionStore.Bound bound :
            VersionStore.createStatements(dialect, versionTable, historyTable)) {
          statement(ScriptLiterals.inline(dialect, bound.sql(), bound.parameters()));
        }
        statement(dialect.commitTransaction());
      }
      for (int index : plan) {
        revision(state, index);
      }
      return new SqlScript(
          text.toString(), dialect.name(), direction, from, state.heads(), revisions, placeholders);
    }

    /** The rows after {@code plan}, computed on a copy so the header can name them. */
    private List<String> after(AppliedState state, int[] plan) {
      AppliedState copy = AppliedState.of(graph, state.heads(), versionTable);
      for (int index : plan) {
        if (direction == Direction.UPGRADE) {
          copy.upgrade(index);
        } else {
          copy.downgrade(index);
        }
      }
      return copy.heads();
    }

    private void revision(AppliedState state, int index) {
      RevisionInfo info = graph.info(index);
      boolean upgrading = direction == Direction.UPGRADE;
      String verb = upgrading ? "upgrade" : "downgrade";
      revisions.add(info.id());
      boolean runs = info.runsOn(dialect.database());
      List<String> statements = new ArrayList<>();
      OfflineOperations operations = runs ? run(index, direction, statements) : null;
      List<String> downs = info.downs().isEmpty() ? List.of("<base>") : info.downs();
      text.append('\n');
      line(
          "-- Running "
              + verb
              + " "
              + (upgrading
                  ? String.join(", ", downs) + " -> " + info.id()
                  : info.id() + " -> " + String.join(", ", downs))
              + (info.message().isEmpty() ? "" : ", " + info.message().replaceAll("\\R", " "))
              + " ("
              + info.className()
              + ")");
      AppliedState.RowChange change = upgrading ? state.upgrade(index) : state.downgrade(index);
      if (!runs) {
        line(
            "-- not run: "
                + Messages.forAnotherDatabase(
                    info, dialect, upgrading ? "upgraded" : "downgraded"));
        statement(dialect.beginTransaction());
        versionRows(
            change, info, upgrading ? HistoryStore.SKIP_UPGRADE : HistoryStore.SKIP_DOWNGRADE);
        statement(dialect.commitTransaction());
        return;
      }
      if (operations == null) {
        if (reads == SqlScript.DatabaseReads.FAIL) {
          throw new RetortException(Messages.readsDatabase(info, false));
        }
        placeholders.add(info.id());
        leftOut = graph.describe(index);
        line(Messages.leftOutPlaceholder(info, verb));
        return;
      }
      if (operations.rebuildsTable()) {
        line(
            "-- a table rebuild needs foreign keys off, which SQLite ignores inside a transaction");
        statement(((SqliteDialect) dialect).setForeignKeys(false));
      }
      if (!info.transactional()) {
        line("-- transactional = false: these statements run outside a transaction");
        // As online: a start row first, so that a script stopped halfway leaves a trace.
        HistoryStore.Entry start =
            new HistoryStore.Entry(
                info.id(),
                upgrading ? HistoryStore.START_UPGRADE : HistoryStore.START_DOWNGRADE,
                info.checksum(),
                0);
        statement(
            ScriptLiterals.inline(
                dialect, dialect.insertHistory(historyTable), HistoryStore.parameters(start)));
        statements.forEach(this::statement);
      }
      statement(dialect.beginTransaction());
      if (info.transactional()) {
        statements.forEach(this::statement);
      }
      versionRows(change, info, upgrading ? HistoryStore.UPGRADE : HistoryStore.DOWNGRADE);
      statement(dialect.commitTransaction());
    }

    /** The version-row change and the history row that records it with {@code action}. */
    private void versionRows(AppliedState.RowChange change, RevisionInfo info, String action) {
      HistoryStore.Entry entry = new HistoryStore.Entry(info.id(), action, info.checksum(), 0);
      for (VersionStore.Bound bound :
          VersionStore.updateStatements(
              dialect, versionTable, historyTable, change.remove(), change.add(), entry)) {
        statement(ScriptLiterals.inline(dialect, bound.sql(), bound.parameters()));
      }
    }

    /**
     * Runs one revision offline; returns its operations, or null when it reads the database (what
     * it did is then forgotten by the offline database).
     */
    private OfflineOperations run(int index, Direction way, List<String> statements) {
      RevisionInfo info = graph.info(index);
      OfflineDatabase guarded = leftOut == null ? database : new SchemaUnknown();
      OfflineOperations operations = new OfflineOperations(dialect, info, guarded, statements);
      database.beginRevision(info.id(), info.transactional());
      try {
        Migration migration = registry.create(index);
        if (way == Direction.UPGRADE) {
          migration.upgrade(operations);
        } else {
          migration.downgrade(operations);
        }
      } catch (OfflineOperations.ReadsDatabase e) {
        // Reported below, also when the revision caught it.
      } catch (Exception e) {
        database.abandonRevision();
        throw new RetortException(
            Messages.offlineFailed(info, way == Direction.UPGRADE ? "upgrade" : "downgrade", e), e);
      }
      if (operations.readsDatabase()) {
        database.abandonRevision();
        return null;
      }
      database.endRevision();
      return operations;
    }

    private void line(String comment) {
      text.append(comment).append('\n');
    }

    /** One statement, ending with {@code ;} at the end of its last line. */
    private void statement(String sql) {
      String body = sql.strip();
      while (body.endsWith(";")) {
        body = body.substring(0, body.length() - 1).stripTrailing();
      }
      text.append(body).append(";\n");
    }

    /**
     * The offline database after a revision was left out: statements still go through, but a
     * catalog query would be answered from a schema that misses that revision's change.
     */
    private final class SchemaUnknown implements OfflineDatabase {
      @Override
      public void beginRevision(String id, boolean transactional) {
        database.beginRevision(id, transactional);
      }

      @Override
      public void endRevision() {
        database.endRevision();
      }

      @Override
      public void abandonRevision() {
        database.abandonRevision();
      }

      @Override
      public void beforeOperation(Operation operation) {
        database.beforeOperation(operation);
      }

      @Override
      public void afterOperation(Operation operation) {
        database.afterOperation(operation);
      }

      @Override
      public void execute(String sql, boolean raw) {
        database.execute(sql, raw);
      }

      @Override
      public List<String> query(String sql, Object... parameters) {
        throw new RetortException(Messages.schemaUnknown(leftOut));
      }

      @Override
      public void close() {}
    }
  }
}
