package dev.retort.processor.validation;

import dev.retort.processor.validation.NonTransactionalStatement.Token;
import dev.retort.processor.validation.body.BuilderChain;
import dev.retort.processor.validation.body.MethodCall;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One schema change a revision makes, as {@link LockSafetyValidator} reads it from a typed
 * operation on {@code op} or from the constant SQL of an {@code execute} call. Only what is proven
 * becomes an event: a name held in a variable, a builder chain with a call this class does not
 * know, or SQL it does not recognise yields nothing. Table, column and index names are as
 * PostgreSQL folds them: an unquoted SQL name and every typed name in lower case.
 */
sealed interface SchemaEvent {
  String OPS = "dev.retort.runtime.ops.";

  /** A table created, with the types of the columns that could be read. */
  record CreateTable(String table, List<Column> columns) implements SchemaEvent {}

  /** A column and its type, as created. */
  record Column(String name, Optional<PostgresType> type) {}

  record RenameTable(String from, String to) implements SchemaEvent {}

  record DropTable(String table) implements SchemaEvent {}

  record CreateIndex(String table, String index, boolean unique, boolean concurrent)
      implements SchemaEvent {}

  record DropIndex(String index, boolean concurrent) implements SchemaEvent {}

  /**
   * A constraint added to an existing table; {@code kind} is {@code foreign key}, {@code CHECK} or
   * {@code UNIQUE}; {@code name} may be null; {@code notNullColumn} is the column a CHECK of the
   * form {@code column IS NOT NULL} covers, else null.
   */
  record AddConstraint(
      String table, String kind, String name, boolean notValid, String notNullColumn)
      implements SchemaEvent {}

  record SetNotNull(String table, String column) implements SchemaEvent {}

  /** A column's type changed; {@code type} empty when it could not be read. */
  record AlterType(String table, String column, Optional<PostgresType> type)
      implements SchemaEvent {}

  /** A column added; {@code rewrite} says why adding it rewrites the table, or is null. */
  record AddColumn(String table, Column column, String rewrite) implements SchemaEvent {}

  record DropColumn(String table, String column) implements SchemaEvent {}

  record RenameColumn(String table, String from, String to) implements SchemaEvent {}

  /** A column declared with {@code type}, for the rules about types to prefer. */
  record TypeUse(String table, String column, PostgresType type) implements SchemaEvent {}

  /** Functions whose value differs per row, so that a default using them fills every row. */
  Set<String> VOLATILE =
      Set.of(
          "RANDOM",
          "GEN_RANDOM_UUID",
          "UUID_GENERATE_V1",
          "UUID_GENERATE_V4",
          "CLOCK_TIMESTAMP",
          "TIMEOFDAY",
          "NEXTVAL");

  /** The events of one call on the revision's {@code op}; empty for any other call. */
  static List<SchemaEvent> of(MethodCall call) {
    if (!call.receiverIsParameter()) {
      return List.of();
    }
    if (call.name().equals("execute")) {
      return call.constantString(0).map(SchemaEvent::ofSql).orElse(List.of());
    }
    List<SchemaEvent> events = new ArrayList<>();
    typed(call, events);
    return events;
  }

  private static void typed(MethodCall call, List<SchemaEvent> events) {
    int n = call.arguments().size();
    switch (call.name()) {
      case "createTable", "createTableIfNotExists" -> {
        if (n == 1) {
          call.chain(0).flatMap(SchemaEvent::table).ifPresent(events::addAll);
        }
      }
      case "renameTable" -> {
        if (n == 2) {
          name(call, 0)
              .ifPresent(
                  from -> name(call, 1).ifPresent(to -> events.add(new RenameTable(from, to))));
        }
      }
      case "dropTable", "dropTableIfExists" -> {
        if (n == 1) {
          name(call, 0).ifPresent(table -> events.add(new DropTable(table)));
        }
      }
      case "createIndex", "createIndexIfNotExists" -> {
        if (n == 1) {
          call.chain(0).flatMap(SchemaEvent::index).ifPresent(events::add);
        }
      }
      case "dropIndex", "dropIndexIfExists", "dropIndexConcurrently" -> {
        if (n == 1) {
          boolean concurrent = call.name().equals("dropIndexConcurrently");
          name(call, 0).ifPresent(index -> events.add(new DropIndex(index, concurrent)));
        }
      }
      case "addColumn" -> {
        if (n == 2) {
          name(call, 0)
              .ifPresent(
                  table -> call.chain(1).ifPresent(chain -> addColumn(table, chain, events)));
        }
      }
      case "dropColumn" -> {
        if (n == 2) {
          name(call, 0)
              .ifPresent(t -> name(call, 1).ifPresent(c -> events.add(new DropColumn(t, c))));
        }
      }
      case "renameColumn" -> {
        if (n == 3) {
          name(call, 0)
              .ifPresent(
                  t ->
                      name(call, 1)
                          .ifPresent(
                              from ->
                                  name(call, 2)
                                      .ifPresent(to -> events.add(new RenameColumn(t, from, to)))));
        }
      }
      case "alterColumn" -> {
        if (n == 3) {
          name(call, 0)
              .ifPresent(
                  t ->
                      name(call, 1)
                          .ifPresent(
                              c -> call.chain(2).ifPresent(chain -> alter(t, c, chain, events))));
        }
      }
      case "createUniqueConstraint" -> {
        if (n >= 2) {
          name(call, 1)
              .ifPresent(
                  t ->
                      events.add(
                          new AddConstraint(t, "UNIQUE", name(call, 0).orElse(null), false, null)));
        }
      }
      case "createCheckConstraint", "createCheckConstraintNotValid" -> {
        if (n == 3) {
          boolean notValid = call.name().equals("createCheckConstraintNotValid");
          name(call, 1)
              .ifPresent(
                  t ->
                      events.add(
                          new AddConstraint(
                              t,
                              "CHECK",
                              name(call, 0).orElse(null),
                              notValid,
                              call.constantString(2)
                                  .map(SchemaEvent::notNullColumn)
                                  .orElse(null))));
        }
      }
      case "createForeignKey" -> {
        if (n == 2) {
          name(call, 0)
              .ifPresent(
                  t -> call.chain(1).flatMap(chain -> foreignKey(t, chain)).ifPresent(events::add));
        }
      }
      default -> {}
    }
  }

  /** Argument {@code index} as a constant name, folded as PostgreSQL folds a typed name. */
  private static Optional<String> name(MethodCall call, int index) {
    return call.constantString(index).map(SchemaEvent::fold);
  }

  private static String fold(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** A {@code Table.named("t").column(...)...} chain: the table, its columns and type uses. */
  private static Optional<List<SchemaEvent>> table(BuilderChain chain) {
    if (!chain.startsWith(OPS + "Table", "named")) {
      return Optional.empty();
    }
    Optional<String> name = chain.calls().get(0).constantString(0).map(SchemaEvent::fold);
    if (name.isEmpty()) {
      return Optional.empty();
    }
    List<Column> columns = new ArrayList<>();
    List<SchemaEvent> uses = new ArrayList<>();
    for (BuilderChain.Link link : chain.afterFactory()) {
      if (link.name().equals("column") && link.chains().size() == 1) {
        link.chains()
            .get(0)
            .flatMap(SchemaEvent::column)
            .ifPresent(
                column -> {
                  columns.add(column);
                  column.type().ifPresent(t -> uses.add(new TypeUse(name.get(), column.name(), t)));
                });
      }
    }
    List<SchemaEvent> events = new ArrayList<>();
    events.add(new CreateTable(name.get(), columns));
    events.addAll(uses);
    return Optional.of(events);
  }

  /** A {@code Column.of("c", ColumnType...)...} chain's name and type. */
  private static Optional<Column> column(BuilderChain chain) {
    if (!chain.startsWith(OPS + "Column", "of")) {
      return Optional.empty();
    }
    BuilderChain.Link of = chain.calls().get(0);
    Optional<PostgresType> type =
        of.chains().size() == 2 ? of.chains().get(1).flatMap(PostgresType::of) : Optional.empty();
    return of.constantString(0).map(name -> new Column(fold(name), type));
  }

  private static void addColumn(String table, BuilderChain chain, List<SchemaEvent> events) {
    Optional<Column> column = column(chain);
    if (column.isEmpty()) {
      return;
    }
    String rewrite = null;
    for (BuilderChain.Link link : chain.afterFactory()) {
      switch (link.name()) {
        case "generatedStored" -> rewrite = "as a stored generated column, computed for every row";
        case "identity" -> rewrite = "as an identity column, numbered for every row";
        case "serverDefault" -> {
          if (link.chains().size() == 1) {
            Optional<String> expression =
                link.chains()
                    .get(0)
                    .filter(d -> d.startsWith(OPS + "ServerDefault", "expression"))
                    .flatMap(d -> d.calls().get(0).constantString(0));
            if (expression.isPresent() && isVolatile(expression.get())) {
              rewrite =
                  "with the volatile default " + expression.get() + ", evaluated for every row";
            }
          }
        }
        default -> {}
      }
    }
    events.add(new AddColumn(table, column.get(), rewrite));
    Column c = column.get();
    c.type().ifPresent(t -> events.add(new TypeUse(table, c.name(), t)));
  }

  /** The changes of a {@code ColumnChange.of()...} chain; nothing when it has an unknown call. */
  private static void alter(
      String table, String column, BuilderChain chain, List<SchemaEvent> events) {
    if (!chain.startsWith(OPS + "ColumnChange", "of")) {
      return;
    }
    List<SchemaEvent> found = new ArrayList<>();
    for (BuilderChain.Link link : chain.afterFactory()) {
      switch (link.name()) {
        case "type" -> {
          Optional<PostgresType> type =
              link.chains().size() == 1
                  ? link.chains().get(0).flatMap(PostgresType::of)
                  : Optional.empty();
          found.add(new AlterType(table, column, type));
          type.ifPresent(t -> found.add(new TypeUse(table, column, t)));
        }
        case "notNull" -> found.add(new SetNotNull(table, column));
        case "renameTo" ->
            link.constantString(0)
                .ifPresent(to -> found.add(new RenameColumn(table, column, fold(to))));
        case "using" -> found.add(new AlterType(table, column, Optional.empty()));
        case "nullable", "serverDefault", "dropServerDefault", "comment" -> {}
        default -> {
          return; // a call this rule does not know
        }
      }
    }
    // A USING expression makes the new type's rewrite unprovable either way.
    if (found.stream().anyMatch(e -> e instanceof AlterType a && a.type().isEmpty())) {
      found.removeIf(e -> e instanceof AlterType);
    }
    events.addAll(found);
  }

  private static Optional<SchemaEvent> index(BuilderChain chain) {
    if (!chain.startsWith(OPS + "Index", "named") || chain.calls().size() < 2) {
      return Optional.empty();
    }
    Optional<String> name = chain.calls().get(0).constantString(0).map(SchemaEvent::fold);
    BuilderChain.Link on = chain.calls().get(1);
    if (!on.name().equals("on") && !on.name().equals("onExpressions")) {
      return Optional.empty();
    }
    Optional<String> table = on.constantString(0).map(SchemaEvent::fold);
    boolean unique = false;
    boolean concurrent = false;
    for (BuilderChain.Link link : chain.calls().subList(2, chain.calls().size())) {
      switch (link.name()) {
        case "unique" -> unique = true;
        case "concurrently" -> concurrent = true;
        case "where" -> {}
        default -> {
          return Optional.empty();
        }
      }
    }
    if (name.isEmpty() || table.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CreateIndex(table.get(), name.get(), unique, concurrent));
  }

  private static Optional<SchemaEvent> foreignKey(String table, BuilderChain chain) {
    if (!chain.startsWith(OPS + "ForeignKey", "from")) {
      return Optional.empty();
    }
    String name = null;
    boolean notValid = false;
    for (BuilderChain.Link link : chain.afterFactory()) {
      switch (link.name()) {
        case "named" -> name = link.constantString(0).map(SchemaEvent::fold).orElse(null);
        case "notValid" -> notValid = true;
        case "references", "onDelete", "onUpdate" -> {}
        default -> {
          return Optional.empty();
        }
      }
    }
    return Optional.of(new AddConstraint(table, "foreign key", name, notValid, null));
  }

  /** {@code column} when {@code expression} is exactly {@code column IS NOT NULL}; else null. */
  private static String notNullColumn(String expression) {
    List<List<Token>> statements = NonTransactionalStatement.tokens(expression);
    if (statements.size() != 1) {
      return null;
    }
    List<Token> t = statements.get(0);
    if (t.size() == 4
        && t.get(0).isName()
        && t.get(1).is("IS")
        && t.get(2).is("NOT")
        && t.get(3).is("NULL")) {
      return t.get(0).name();
    }
    return null;
  }

  private static boolean isVolatile(String expression) {
    for (List<Token> tokens : NonTransactionalStatement.tokens(expression)) {
      for (int i = 0; i + 1 < tokens.size(); i++) {
        if (VOLATILE.contains(tokens.get(i).word()) && tokens.get(i + 1).is("(")) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- SQL text: the statements of PostgreSQL's grammar these rules need, and nothing more.

  /** The events of every statement in {@code sql}. */
  static List<SchemaEvent> ofSql(String sql) {
    List<SchemaEvent> events = new ArrayList<>();
    for (List<Token> tokens : NonTransactionalStatement.tokens(sql)) {
      statement(new Cursor(tokens), events);
    }
    return events;
  }

  /** Tokens read left to right. */
  final class Cursor {
    private final List<Token> tokens;
    private int at;

    Cursor(List<Token> tokens) {
      this(tokens, 0);
    }

    Cursor(List<Token> tokens, int at) {
      this.tokens = tokens;
      this.at = at;
    }

    boolean accept(String... words) {
      if (at + words.length > tokens.size()) {
        return false;
      }
      for (int i = 0; i < words.length; i++) {
        if (!tokens.get(at + i).is(words[i])) {
          return false;
        }
      }
      at += words.length;
      return true;
    }

    boolean peek(String word) {
      return at < tokens.size() && tokens.get(at).is(word);
    }

    /**
     * A name, possibly schema-qualified (the last part is kept); empty, moving nothing, if none.
     */
    Optional<String> name() {
      if (at >= tokens.size() || !tokens.get(at).isName()) {
        return Optional.empty();
      }
      String name = tokens.get(at++).name();
      while (at + 1 < tokens.size() && tokens.get(at).is(".") && tokens.get(at + 1).isName()) {
        name = tokens.get(at + 1).name();
        at += 2;
      }
      return Optional.of(name);
    }

    boolean done() {
      return at >= tokens.size();
    }

    int at() {
      return at;
    }

    List<Token> tokens() {
      return tokens;
    }

    /** The tokens from here to the next comma outside parentheses (or the end), consumed. */
    List<Token> untilComma() {
      int depth = 0;
      int start = at;
      while (at < tokens.size()) {
        Token token = tokens.get(at);
        if (token.is("(")) {
          depth++;
        } else if (token.is(")")) {
          depth--;
        } else if (token.is(",") && depth == 0) {
          break;
        }
        at++;
      }
      List<Token> part = tokens.subList(start, at);
      if (at < tokens.size()) {
        at++; // the comma
      }
      return part;
    }
  }

  private static void statement(Cursor c, List<SchemaEvent> events) {
    if (c.accept("CREATE")) {
      boolean unique = c.accept("UNIQUE");
      if (c.accept("INDEX")) {
        boolean concurrent = c.accept("CONCURRENTLY");
        c.accept("IF", "NOT", "EXISTS");
        Optional<String> index = c.peek("ON") ? Optional.empty() : c.name();
        if (c.accept("ON")) {
          c.accept("ONLY");
          Optional<String> table = c.name();
          if (table.isPresent() && index.isPresent()) {
            events.add(new CreateIndex(table.get(), index.get(), unique, concurrent));
          }
        }
        return;
      }
      if (unique) {
        return;
      }
      c.accept("UNLOGGED");
      if (c.accept("TABLE")) {
        c.accept("IF", "NOT", "EXISTS");
        c.name().ifPresent(table -> createTable(table, c, events));
      }
    } else if (c.accept("DROP", "INDEX")) {
      boolean concurrent = c.accept("CONCURRENTLY");
      c.accept("IF", "EXISTS");
      do {
        c.name().ifPresent(index -> events.add(new DropIndex(index, concurrent)));
      } while (c.accept(","));
    } else if (c.accept("DROP", "TABLE")) {
      c.accept("IF", "EXISTS");
      do {
        c.name().ifPresent(table -> events.add(new DropTable(table)));
      } while (c.accept(","));
    } else if (c.accept("ALTER", "TABLE")) {
      c.accept("IF", "EXISTS");
      c.accept("ONLY");
      Optional<String> table = c.name();
      if (table.isEmpty()) {
        return;
      }
      if (c.accept("RENAME")) {
        if (c.accept("TO")) {
          c.name().ifPresent(to -> events.add(new RenameTable(table.get(), to)));
        } else if (!c.peek("CONSTRAINT")) {
          c.accept("COLUMN");
          Optional<String> from = c.name();
          if (from.isPresent() && c.accept("TO")) {
            c.name().ifPresent(to -> events.add(new RenameColumn(table.get(), from.get(), to)));
          }
        }
        return;
      }
      while (!c.done()) {
        action(table.get(), new Cursor(c.untilComma()), events);
      }
    }
  }

  private static void createTable(String table, Cursor c, List<SchemaEvent> events) {
    List<Column> columns = new ArrayList<>();
    List<SchemaEvent> uses = new ArrayList<>();
    if (c.accept("(")) {
      List<Token> inside = c.tokens().subList(c.at(), c.tokens().size());
      Cursor parts = new Cursor(inside);
      while (!parts.done() && !parts.peek(")")) {
        List<Token> part = parts.untilComma();
        if (part.isEmpty()
            || Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE", "LIKE")
                .contains(part.get(0).word())
            || !part.get(0).isName()) {
          continue;
        }
        String column = part.get(0).name();
        Optional<PostgresType> type = PostgresType.parse(part, 1);
        columns.add(new Column(column, type));
        type.ifPresent(t -> uses.add(new TypeUse(table, column, t)));
      }
    }
    events.add(new CreateTable(table, columns));
    events.addAll(uses);
  }

  /** One action of ALTER TABLE. */
  private static void action(String table, Cursor c, List<SchemaEvent> events) {
    if (c.accept("ADD")) {
      Optional<String> name = Optional.empty();
      if (c.accept("CONSTRAINT")) {
        name = c.name();
      }
      if (c.accept("FOREIGN", "KEY")) {
        events.add(new AddConstraint(table, "foreign key", name.orElse(null), notValid(c), null));
      } else if (c.accept("CHECK")) {
        String column = null;
        List<Token> rest = c.tokens().subList(c.at(), c.tokens().size());
        if (rest.size() >= 6
            && rest.get(0).is("(")
            && rest.get(1).isName()
            && rest.get(2).is("IS")
            && rest.get(3).is("NOT")
            && rest.get(4).is("NULL")
            && rest.get(5).is(")")) {
          column = rest.get(1).name();
        }
        events.add(new AddConstraint(table, "CHECK", name.orElse(null), notValid(c), column));
      } else if (c.accept("UNIQUE")) {
        List<Token> rest = c.tokens().subList(c.at(), c.tokens().size());
        boolean usingIndex = rest.size() >= 2 && rest.get(0).is("USING") && rest.get(1).is("INDEX");
        if (!usingIndex) {
          events.add(new AddConstraint(table, "UNIQUE", name.orElse(null), false, null));
        }
      } else if (name.isEmpty() && !c.peek("PRIMARY") && !c.peek("EXCLUDE")) {
        c.accept("COLUMN");
        c.accept("IF", "NOT", "EXISTS");
        Optional<String> column = c.name();
        if (column.isEmpty()) {
          return;
        }
        Optional<PostgresType> type = PostgresType.parse(c.tokens(), c.at());
        events.add(new AddColumn(table, new Column(column.get(), type), rewrite(c, type)));
        type.ifPresent(t -> events.add(new TypeUse(table, column.get(), t)));
      }
    } else if (c.accept("DROP")) {
      if (c.peek("CONSTRAINT")) {
        return;
      }
      c.accept("COLUMN");
      c.accept("IF", "EXISTS");
      c.name().ifPresent(column -> events.add(new DropColumn(table, column)));
    } else if (c.accept("ALTER")) {
      c.accept("COLUMN");
      Optional<String> column = c.name();
      if (column.isEmpty()) {
        return;
      }
      if (c.accept("SET", "NOT", "NULL")) {
        events.add(new SetNotNull(table, column.get()));
      } else if (c.accept("SET", "DATA", "TYPE") || c.accept("TYPE")) {
        Optional<PostgresType> type = PostgresType.parse(c.tokens(), c.at());
        boolean using = c.tokens().stream().anyMatch(t -> t.is("USING"));
        if (!using) {
          events.add(new AlterType(table, column.get(), type));
        }
        type.ifPresent(t -> events.add(new TypeUse(table, column.get(), t)));
      }
    }
  }

  private static boolean notValid(Cursor c) {
    List<Token> t = c.tokens();
    return t.size() >= 2 && t.get(t.size() - 2).is("NOT") && t.get(t.size() - 1).is("VALID");
  }

  /** Why the column definition after the cursor rewrites the table, or null. */
  private static String rewrite(Cursor c, Optional<PostgresType> type) {
    List<Token> t = c.tokens();
    if (type.isPresent()
        && Set.of("serial", "bigserial", "smallserial").contains(type.get().name())) {
      return "as " + type.get().name() + ", numbered for every row";
    }
    for (int i = c.at(); i < t.size(); i++) {
      if (t.get(i).is("GENERATED")) {
        for (int j = i + 1; j < t.size(); j++) {
          if (t.get(j).is("STORED")) {
            return "as a stored generated column, computed for every row";
          }
          if (t.get(j).is("IDENTITY")) {
            return "as an identity column, numbered for every row";
          }
        }
      }
      if (t.get(i).is("DEFAULT")) {
        for (int j = i + 1; j + 1 < t.size(); j++) {
          if (VOLATILE.contains(t.get(j).word()) && t.get(j + 1).is("(")) {
            return "with the volatile default " + t.get(j).name() + "(), evaluated for every row";
          }
        }
      }
    }
    return null;
  }
}
