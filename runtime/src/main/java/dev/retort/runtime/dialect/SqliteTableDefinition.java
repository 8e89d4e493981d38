package dev.retort.runtime.dialect;

import dev.retort.runtime.dialect.SqliteSql.Kind;
import dev.retort.runtime.dialect.SqliteSql.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A SQLite CREATE TABLE statement taken apart into its column definitions and table constraints,
 * each keeping its original text, so that a rebuild changes exactly what a batch asks for: an
 * unnamed CHECK, a COLLATE, a GENERATED column or a self-referential key nobody touched comes back
 * character for character. Mutable; {@link SqliteTableRebuild} edits one and renders it again.
 */
final class SqliteTableDefinition {
  /** The words that start a table constraint (sqlite.org/syntax/table-constraint.html). */
  private static final Set<String> TABLE_CONSTRAINT_STARTS =
      Set.of("CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN");

  /** The words that start a column constraint (sqlite.org/syntax/column-constraint.html). */
  private static final Set<String> COLUMN_CONSTRAINT_STARTS =
      Set.of(
          "CONSTRAINT",
          "PRIMARY",
          "NOT",
          "NULL",
          "UNIQUE",
          "CHECK",
          "DEFAULT",
          "COLLATE",
          "REFERENCES",
          "GENERATED",
          "AS");

  final List<Part> parts;

  /** What follows the closing parenthesis: {@code WITHOUT ROWID}, {@code STRICT}, or nothing. */
  final String options;

  private SqliteTableDefinition(List<Part> parts, String options) {
    this.parts = parts;
    this.options = options;
  }

  /** One comma-separated piece of the body: a column definition or a table constraint. */
  abstract static sealed class Part permits ColumnDefinition, TableConstraint {
    /** The whitespace and comments before and after the piece, kept so nothing is lost. */
    final String before;

    final String after;

    Part(String before, String after) {
      this.before = before;
      this.after = after;
    }

    /** The piece's SQL, without surrounding whitespace. */
    abstract String sql();

    final String raw() {
      return before + sql() + after;
    }
  }

  /** A table constraint; {@code name} is null when it has none. */
  static final class TableConstraint extends Part {
    final String name;
    final String kind;
    final String text;

    TableConstraint(String before, String text, String after) {
      super(before, after);
      this.text = text;
      List<Token> tokens = SqliteSql.tokens(text);
      if (tokens.get(0).is("CONSTRAINT") && tokens.size() > 2) {
        this.name = tokens.get(1).name();
        this.kind = tokens.get(2).text().toUpperCase(Locale.ROOT);
      } else {
        this.name = null;
        this.kind = tokens.get(0).text().toUpperCase(Locale.ROOT);
      }
    }

    @Override
    String sql() {
      return text;
    }

    /** A short description for messages: its name, or its text. */
    String describe() {
      return name != null ? "constraint " + name : "constraint " + abbreviate(text);
    }
  }

  /**
   * One constraint inside a column definition: {@code kind} is its first keyword ({@code NOT} for
   * NOT NULL, {@code GENERATED} for {@code AS (...)} too), {@code name} null when unnamed.
   */
  record ColumnConstraint(String name, String kind, String text) {}

  /** A column definition: name, declared type (maybe empty), then its constraints. */
  static final class ColumnDefinition extends Part {
    final String name;
    private final String nameText;
    private final String original;
    private String type;
    final List<ColumnConstraint> constraints;
    private boolean changed;

    private ColumnDefinition(String before, String text, String after) {
      super(before, after);
      this.original = text;
      List<Token> tokens = SqliteSql.tokens(text);
      this.name = tokens.get(0).name();
      this.nameText = tokens.get(0).text();
      int i = 1;
      while (i < tokens.size() && !startsColumnConstraint(tokens, i)) {
        i++;
      }
      this.type = i == 1 ? "" : text.substring(tokens.get(1).start(), tokens.get(i - 1).end());
      this.constraints = new ArrayList<>();
      while (i < tokens.size()) {
        int first = i;
        String constraintName = null;
        if (tokens.get(i).is("CONSTRAINT") && i + 1 < tokens.size()) {
          constraintName = tokens.get(i + 1).name();
          i += 2;
        }
        String kind = i < tokens.size() ? tokens.get(i).text().toUpperCase(Locale.ROOT) : "";
        i++;
        if (kind.equals("DEFAULT")) {
          // The value may be a word that also starts a constraint: DEFAULT NULL.
          if (i < tokens.size() && tokens.get(i).kind() == Kind.PUNCT) {
            i++; // a sign
          }
          i++;
        } else if (kind.equals("NOT")) {
          i++; // NULL: NOT NULL is one constraint, and NULL alone another
        } else if (kind.equals("GENERATED")) {
          i += 2; // ALWAYS AS
        } else if (kind.equals("AS")) {
          kind = "GENERATED";
        }
        while (i < tokens.size() && !startsColumnConstraint(tokens, i)) {
          i++;
        }
        int last = Math.min(i, tokens.size()) - 1;
        constraints.add(
            new ColumnConstraint(
                constraintName,
                kind,
                text.substring(tokens.get(first).start(), tokens.get(last).end())));
      }
    }

    private static boolean startsColumnConstraint(List<Token> tokens, int i) {
      Token token = tokens.get(i);
      if (token.kind() != Kind.WORD
          || !COLUMN_CONSTRAINT_STARTS.contains(token.text().toUpperCase(Locale.ROOT))) {
        return false;
      }
      // ON DELETE SET NULL, SET DEFAULT, NOT DEFERRABLE belong to a REFERENCES clause.
      if (i > 0 && tokens.get(i - 1).is("SET")) {
        return false;
      }
      return !token.is("NOT") || (i + 1 < tokens.size() && tokens.get(i + 1).is("NULL"));
    }

    String type() {
      return type;
    }

    void setType(String type) {
      this.type = type;
      changed = true;
    }

    boolean has(String kind) {
      return constraints.stream().anyMatch(c -> c.kind().equals(kind));
    }

    /** Removes the constraints of {@code kind}; true when there was one. */
    boolean remove(String kind) {
      boolean removed = constraints.removeIf(c -> c.kind().equals(kind));
      changed |= removed;
      return removed;
    }

    /** Removes the constraint named {@code name}; true when there was one. */
    boolean removeNamed(String name) {
      boolean removed = constraints.removeIf(c -> name.equalsIgnoreCase(c.name()));
      changed |= removed;
      return removed;
    }

    /** Puts {@code replacement} where {@code existing} is. */
    void replace(ColumnConstraint existing, ColumnConstraint replacement) {
      int index = constraints.indexOf(existing);
      constraints.set(index, replacement);
      changed = true;
    }

    /** Removes one constraint. */
    void remove(ColumnConstraint constraint) {
      changed |= constraints.remove(constraint);
    }

    /**
     * The constraint that stands for an enum type on this column, as the dialect writes it: a named
     * {@code CHECK ("column" IN ('a', 'b'))}; null when there is none.
     */
    ColumnConstraint enumCheck() {
      for (ColumnConstraint constraint : constraints) {
        if (constraint.name() != null && enumValues(constraint) != null) {
          return constraint;
        }
      }
      return null;
    }

    /** The values of an enum CHECK on this column, in order; null when it is not one. */
    List<String> enumValues(ColumnConstraint constraint) {
      if (!constraint.kind().equals("CHECK")) {
        return null;
      }
      List<Token> tokens = SqliteSql.tokens(constraint.text());
      Token body = tokens.get(tokens.size() - 1);
      if (body.kind() != Kind.GROUP) {
        return null;
      }
      List<Token> inner = SqliteSql.tokens(body.inner());
      if (inner.size() != 3
          || !inner.get(0).isName()
          || !inner.get(0).name().equalsIgnoreCase(name)
          || !inner.get(1).is("IN")
          || inner.get(2).kind() != Kind.GROUP) {
        return null;
      }
      List<String> values = new ArrayList<>();
      List<Token> list = SqliteSql.tokens(inner.get(2).inner());
      for (int i = 0; i < list.size(); i++) {
        Token token = list.get(i);
        if (i % 2 == 0 ? token.kind() != Kind.STRING : token.kind() != Kind.COMMA) {
          return null;
        }
        if (i % 2 == 0) {
          values.add(token.name());
        }
      }
      return values.isEmpty() || list.size() % 2 == 0 ? null : values;
    }

    void add(int index, ColumnConstraint constraint) {
      constraints.add(index, constraint);
      changed = true;
    }

    void add(ColumnConstraint constraint) {
      add(constraints.size(), constraint);
    }

    /** True for a generated column, which INSERT cannot write. */
    boolean isGenerated() {
      return has("GENERATED");
    }

    @Override
    String sql() {
      if (!changed) {
        return original;
      }
      StringBuilder sql = new StringBuilder(nameText);
      if (!type.isEmpty()) {
        sql.append(' ').append(type);
      }
      for (ColumnConstraint constraint : constraints) {
        sql.append(' ').append(constraint.text());
      }
      return sql.toString();
    }
  }

  /**
   * Parses the text SQLite keeps in {@code sqlite_master.sql} for a table.
   *
   * @throws IllegalArgumentException when it is not a CREATE TABLE with a column list (CREATE TABLE
   *     ... AS SELECT stores its columns that way, so this does not happen in practice)
   */
  static SqliteTableDefinition parse(String createTable) {
    int open = -1;
    for (Token token : SqliteSql.tokens(createTable)) {
      if (token.kind() == Kind.GROUP) {
        open = token.start();
        break;
      }
    }
    if (open < 0) {
      throw new IllegalArgumentException("no column list in: " + createTable);
    }
    int close = SqliteSql.closingParen(createTable, open);
    String body = createTable.substring(open + 1, close - 1);
    List<Part> parts = new ArrayList<>();
    List<Token> tokens = SqliteSql.tokens(body);
    int pieceStart = 0;
    int first = 0;
    for (int i = 0; i <= tokens.size(); i++) {
      if (i == tokens.size() || tokens.get(i).kind() == Kind.COMMA) {
        int pieceEnd = i == tokens.size() ? body.length() : tokens.get(i).start();
        if (i > first) {
          int start = tokens.get(first).start();
          int end = tokens.get(i - 1).end();
          parts.add(
              part(
                  tokens.get(first),
                  body.substring(pieceStart, start),
                  body.substring(start, end),
                  body.substring(end, pieceEnd)));
        }
        pieceStart = pieceEnd + 1;
        first = i + 1;
      }
    }
    return new SqliteTableDefinition(parts, createTable.substring(close));
  }

  private static Part part(Token first, String before, String text, String after) {
    if (first.kind() == Kind.WORD
        && TABLE_CONSTRAINT_STARTS.contains(first.text().toUpperCase(Locale.ROOT))) {
      return new TableConstraint(before, text, after);
    }
    return new ColumnDefinition(before, text, after);
  }

  /** Parses one column definition, as a dialect writes it for ADD COLUMN. */
  static ColumnDefinition column(String definition) {
    return new ColumnDefinition(" ", definition, "");
  }

  /** Parses one table constraint, as a dialect writes it for ADD CONSTRAINT. */
  static TableConstraint constraint(String definition) {
    return new TableConstraint(" ", definition, "");
  }

  List<ColumnDefinition> columns() {
    List<ColumnDefinition> columns = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof ColumnDefinition column) {
        columns.add(column);
      }
    }
    return columns;
  }

  List<TableConstraint> constraints() {
    List<TableConstraint> constraints = new ArrayList<>();
    for (Part part : parts) {
      if (part instanceof TableConstraint constraint) {
        constraints.add(constraint);
      }
    }
    return constraints;
  }

  /** The CREATE TABLE statement for this definition under the (already quoted) name. */
  String createSql(String quotedName) {
    StringBuilder sql = new StringBuilder("CREATE TABLE ").append(quotedName).append(" (");
    for (int i = 0; i < parts.size(); i++) {
      sql.append(i == 0 ? "" : ",").append(parts.get(i).raw());
    }
    return sql.append(')').append(options).toString();
  }

  static String abbreviate(String text) {
    String oneLine = text.replaceAll("\\s+", " ");
    return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
  }
}
