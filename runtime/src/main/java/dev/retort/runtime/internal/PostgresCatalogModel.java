package dev.retort.runtime.internal;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.PostgresDialect;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The part of a PostgreSQL catalog that {@link PostgresDialect} consults (which enum types exist,
 * and which columns use them), modelled from the typed operations of the revisions an offline
 * script has rendered, so that the dialect makes the same CREATE TYPE and DROP TYPE decisions as
 * online.
 *
 * <p>It answers {@link PostgresDialect#ENUM_LABELS}, {@link PostgresDialect#ENUMS_OF_TABLE} and
 * {@link PostgresDialect#ENUMS_OF_COLUMN} with the state before the operation being rendered, and
 * {@link PostgresDialect#ENUM_IN_USE}, which the dialect asks after dropping, with the state after
 * it. It refuses, rather than guesses, when the answer may have been changed by something it cannot
 * follow: raw DDL that names the type or table, or an operation it does not know.
 */
final class PostgresCatalogModel implements OfflineDatabase {
  /** Raw statements that may create, change or drop a type or a column (indexes cannot). */
  private static final Pattern DDL =
      Pattern.compile(
          "^\\s*(CREATE|ALTER|DROP)\\b(?!\\s+(UNIQUE\\s+)?INDEX\\b)", Pattern.CASE_INSENSITIVE);

  /** Enum types by name with their labels, and each table's columns with their enum type. */
  private record State(Map<String, List<String>> types, Map<String, Map<String, String>> tables) {
    static State empty() {
      return new State(new HashMap<>(), new HashMap<>());
    }

    State copy() {
      Map<String, Map<String, String>> tables = new HashMap<>();
      this.tables.forEach((name, columns) -> tables.put(name, new LinkedHashMap<>(columns)));
      return new State(new HashMap<>(types), tables);
    }

    boolean inUse(String type) {
      return tables.values().stream().anyMatch(columns -> columns.containsValue(type));
    }
  }

  private record RawDdl(String revision, String sql) {}

  private State state = State.empty();
  private State atRevisionStart;
  private State afterOperation;
  private final List<RawDdl> rawDdl = new ArrayList<>();
  private int rawDdlAtRevisionStart;
  private String revision;
  private String unknownOperation;

  @Override
  public void beginRevision(String id, boolean transactional) {
    revision = id;
    atRevisionStart = state.copy();
    rawDdlAtRevisionStart = rawDdl.size();
  }

  @Override
  public void endRevision() {
    atRevisionStart = null;
  }

  @Override
  public void abandonRevision() {
    state = atRevisionStart;
    rawDdl.subList(rawDdlAtRevisionStart, rawDdl.size()).clear();
    atRevisionStart = null;
  }

  @Override
  public void beforeOperation(Operation operation) {
    State after = state.copy();
    apply(after, operation);
    afterOperation = after;
  }

  @Override
  public void afterOperation(Operation operation) {
    state = afterOperation;
    afterOperation = null;
  }

  @Override
  public void execute(String sql, boolean raw) {
    if (raw && DDL.matcher(sql).find()) {
      rawDdl.add(new RawDdl(revision, sql));
    }
  }

  @Override
  public List<String> query(String sql, Object... parameters) {
    if (unknownOperation != null) {
      throw new RetortException(
          "offline SQL cannot tell which enum types exist on PostgreSQL after "
              + unknownOperation
              + ", which it does not model; write this script from a database instead (online)");
    }
    if (sql.equals(PostgresDialect.ENUM_LABELS)) {
      String type = (String) parameters[0];
      checkNoRawDdl("enum type", type);
      return state.types.getOrDefault(type, List.of());
    }
    if (sql.equals(PostgresDialect.ENUMS_OF_TABLE) || sql.equals(PostgresDialect.ENUMS_OF_COLUMN)) {
      String table = unquote((String) parameters[0]);
      checkNoRawDdl("table", table);
      Map<String, String> columns = state.tables.getOrDefault(table, Map.of());
      TreeSet<String> types = new TreeSet<>();
      columns.forEach(
          (column, type) -> {
            if (type != null && (parameters.length == 1 || column.equals(parameters[1]))) {
              types.add(type);
            }
          });
      return List.copyOf(types);
    }
    if (sql.equals(PostgresDialect.ENUM_IN_USE)) {
      String type = (String) parameters[0];
      checkNoRawDdl("enum type", type);
      State after = afterOperation != null ? afterOperation : state;
      return after.inUse(type) ? List.of("1") : List.of();
    }
    throw new RetortException(
        "offline SQL cannot answer the PostgreSQL catalog query "
            + Messages.abbreviate(sql)
            + ": it models only the enum types; write this script from a database instead"
            + " (online)");
  }

  /** Refuses when raw DDL may have changed {@code name}, which the model cannot follow. */
  private void checkNoRawDdl(String what, String name) {
    Pattern word =
        Pattern.compile(
            "(?<![A-Za-z0-9_])"
                + Pattern.quote(name.toLowerCase(Locale.ROOT))
                + "(?![A-Za-z0-9_])");
    for (RawDdl ddl : rawDdl) {
      if (word.matcher(ddl.sql.toLowerCase(Locale.ROOT)).find()) {
        throw new RetortException(
            "offline SQL cannot tell what the "
                + what
                + " "
                + name
                + " is at this point: revision "
                + ddl.revision
                + " changed it with raw SQL (op.execute(\""
                + Messages.abbreviate(ddl.sql)
                + "\")), which only a database can follow. Write that change with typed"
                + " operations, or run these revisions online");
      }
    }
  }

  private static String unquote(String quoted) {
    if (quoted.length() >= 2 && quoted.startsWith("\"") && quoted.endsWith("\"")) {
      return quoted.substring(1, quoted.length() - 1).replace("\"\"", "\"");
    }
    return quoted;
  }

  /** What {@code operation} does to the modelled catalog, mirroring PostgresDialect. */
  private void apply(State state, Operation operation) {
    if (operation instanceof Operation.CreateTable op) {
      declareTypes(state, op.table().columns());
      if (!(op.ifNotExists() && state.tables.containsKey(op.table().name()))) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (Column column : op.table().columns()) {
          columns.put(column.name(), enumOf(column.type()));
        }
        state.tables.put(op.table().name(), columns);
      }
    } else if (operation instanceof Operation.DropTable op) {
      Map<String, String> columns = state.tables.remove(op.table());
      if (columns != null) {
        dropUnused(state, columns.values());
      }
    } else if (operation instanceof Operation.RenameTable op) {
      Map<String, String> columns = state.tables.remove(op.from());
      if (columns != null) {
        state.tables.put(op.to(), columns);
      }
    } else if (operation instanceof Operation.AddColumn op) {
      declareTypes(state, List.of(op.column()));
      state
          .tables
          .computeIfAbsent(op.table(), t -> new LinkedHashMap<>())
          .put(op.column().name(), enumOf(op.column().type()));
    } else if (operation instanceof Operation.DropColumn op) {
      Map<String, String> columns = state.tables.get(op.table());
      if (columns != null && columns.containsKey(op.column())) {
        String type = columns.remove(op.column());
        dropUnused(state, type == null ? List.of() : List.of(type));
      }
    } else if (operation instanceof Operation.RenameColumn op) {
      rename(state, op.table(), op.from(), op.to());
    } else if (operation instanceof Operation.AlterColumn op) {
      if (op.change().type() != null) {
        declareTypes(state, List.of(Column.of(op.column(), op.change().type())));
        state
            .tables
            .computeIfAbsent(op.table(), t -> new LinkedHashMap<>())
            .put(op.column(), enumOf(op.change().type()));
      }
      if (op.change().newName() != null) {
        rename(state, op.table(), op.column(), op.change().newName());
      }
    } else if (operation instanceof Operation.BatchAlterTable op) {
      for (Operation change : op.changes()) {
        apply(state, change);
      }
    } else if (!(operation instanceof Operation.CreateIndex
        || operation instanceof Operation.DropIndex
        || operation instanceof Operation.AddConstraint
        || operation instanceof Operation.DropConstraint
        || operation instanceof Operation.ValidateConstraint
        || operation instanceof Operation.AddUniqueUsingIndex)) {
      unknownOperation = operation.getClass().getSimpleName();
    }
  }

  /** After a column change, an enum type has the values its column declares. */
  private static void declareTypes(State state, List<Column> columns) {
    for (Column column : columns) {
      if (column.type().kind() == ColumnType.Kind.ENUM) {
        state.types.put(column.type().enumName(), column.type().enumValues());
      }
    }
  }

  private static void dropUnused(State state, Iterable<String> types) {
    for (String type : types) {
      if (type != null && !state.inUse(type)) {
        state.types.remove(type);
      }
    }
  }

  private static void rename(State state, String table, String from, String to) {
    Map<String, String> columns = state.tables.get(table);
    if (columns != null && columns.containsKey(from)) {
      Map<String, String> renamed = new LinkedHashMap<>();
      columns.forEach((name, type) -> renamed.put(name.equals(from) ? to : name, type));
      state.tables.put(table, renamed);
    }
  }

  private static String enumOf(ColumnType type) {
    return type.kind() == ColumnType.Kind.ENUM ? type.enumName() : null;
  }

  @Override
  public void close() {}
}
