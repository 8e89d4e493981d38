package dev.retort.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An {@code ALTER TABLE} statement in the SQL of an {@code execute} call that SQLite's ALTER TABLE
 * refuses, as {@code [Retort/SqliteAlter]} finds it: the raw-SQL twin of the typed operations the
 * rule checks, with the same {@link SqliteAlteration} cases and the same batch form as the fix.
 *
 * <p>A small recogniser for SQLite's ALTER TABLE grammar, not a parser: {@code RENAME TO}, {@code
 * RENAME [COLUMN] x TO y}, {@code ADD [COLUMN] definition} and {@code DROP [COLUMN] x} are SQLite's
 * own (DROP COLUMN from 3.35); from 3.53 also {@code ADD [CONSTRAINT name] CHECK (...)}, {@code
 * DROP CONSTRAINT name} and {@code ALTER [COLUMN] x SET|DROP NOT NULL}. Everything else SQLite
 * refuses; this class reports only the forms it can name a batch call for: {@code ALTER [COLUMN]}
 * other than nullability ({@code TYPE}, {@code SET DEFAULT}, ...), {@code ADD [CONSTRAINT name]
 * UNIQUE|FOREIGN KEY}, and an {@code ADD COLUMN} SQLite refuses (a PRIMARY KEY or UNIQUE column; on
 * a table with rows also a NOT NULL column without a non-null constant default, and a default that
 * is not a constant, such as {@code CURRENT_TIMESTAMP} or {@code (1 + 1)}). Anything it does not
 * recognise passes: a false error would block a build SQLite accepts.
 *
 * <p>Comments, string literals and quoted identifiers are read as SQLite reads them, so a keyword
 * inside one never matches; every statement of a multi-statement string is checked.
 *
 * @param alteration what the statement asks of SQLite
 * @param text the statement as written, for the message
 * @param table the table's name, unquoted
 * @param subject the column or constraint the statement names, unquoted; null when it names none
 */
record SqliteAlterStatement(
    SqliteAlteration alteration, String text, String table, String subject) {

  private static final Set<String> CURRENT =
      Set.of("CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP");

  /** A token: a keyword or name (upper-cased in {@code word}), a literal, or punctuation. */
  private record Token(Kind kind, String word, String text) {
    boolean is(String keyword) {
      return kind == Kind.WORD && word.equals(keyword);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && text.equals(String.valueOf(c));
    }

    /** The name the token stands for: a word as written, a quoted identifier unquoted. */
    String name() {
      return text;
    }
  }

  private enum Kind {
    WORD,
    QUOTED_NAME,
    STRING,
    NUMBER,
    BLOB,
    PUNCT
  }

  /** Every statement in {@code sql} that SQLite's ALTER TABLE refuses, in order. */
  static List<SqliteAlterStatement> find(String sql) {
    List<SqliteAlterStatement> found = new ArrayList<>();
    for (Statement statement : statements(sql)) {
      match(statement).ifPresent(found::add);
    }
    return found;
  }

  private record Statement(List<Token> tokens, String text) {}

  private static Optional<SqliteAlterStatement> match(Statement statement) {
    List<Token> t = statement.tokens();
    if (t.size() < 4 || !t.get(0).is("ALTER") || !t.get(1).is("TABLE")) {
      return Optional.empty();
    }
    int i = 2;
    if (!isName(t.get(i))) {
      return Optional.empty(); // IF EXISTS and the like: not a form this class names a fix for
    }
    String table = t.get(i).name();
    if (i + 2 < t.size() && t.get(i + 1).isPunct('.') && isName(t.get(i + 2))) {
      i += 2; // schema.table
      table = t.get(i).name();
    }
    i++;
    if (i >= t.size()) {
      return Optional.empty();
    }
    Token action = t.get(i);
    i++;
    if (action.is("ALTER")) {
      if (i < t.size() && t.get(i).is("COLUMN")) {
        i++;
      }
      if (i + 1 >= t.size() || !isName(t.get(i))) {
        return Optional.empty();
      }
      String column = t.get(i).name();
      i++;
      boolean nullability =
          i + 3 == t.size()
              && (t.get(i).is("SET") || t.get(i).is("DROP"))
              && t.get(i + 1).is("NOT")
              && t.get(i + 2).is("NULL");
      return found(
          nullability ? SqliteAlteration.ALTER_NULLABILITY : SqliteAlteration.ALTER_COLUMN,
          statement,
          table,
          column);
    }
    if (action.is("DROP")) {
      if (i < t.size() && t.get(i).is("CONSTRAINT")) {
        return i + 2 == t.size() && isName(t.get(i + 1))
            ? found(SqliteAlteration.DROP_CONSTRAINT, statement, table, t.get(i + 1).name())
            : Optional.empty();
      }
      if (i < t.size() && t.get(i).is("COLUMN")) {
        i++;
      }
      return i + 1 == t.size() && isName(t.get(i))
          ? found(SqliteAlteration.DROP_COLUMN, statement, table, t.get(i).name())
          : Optional.empty();
    }
    if (!action.is("ADD") || i >= t.size()) {
      return Optional.empty();
    }
    String constraint = null;
    if (t.get(i).is("CONSTRAINT") && i + 1 < t.size() && isName(t.get(i + 1))) {
      constraint = t.get(i + 1).name();
      i += 2;
    }
    if (i < t.size()) {
      Token kind = t.get(i);
      if (kind.is("CHECK") && i + 1 < t.size() && t.get(i + 1).isPunct('(')) {
        return found(SqliteAlteration.CREATE_CHECK_CONSTRAINT, statement, table, constraint);
      }
      if (kind.is("UNIQUE") && i + 1 < t.size() && t.get(i + 1).isPunct('(')) {
        return found(SqliteAlteration.CREATE_UNIQUE_CONSTRAINT, statement, table, constraint);
      }
      if (kind.is("FOREIGN") && i + 1 < t.size() && t.get(i + 1).is("KEY")) {
        return found(SqliteAlteration.CREATE_FOREIGN_KEY, statement, table, constraint);
      }
    }
    if (constraint != null) {
      return Optional.empty(); // ADD CONSTRAINT of another kind: PRIMARY KEY, EXCLUDE, ...
    }
    if (i < t.size() && t.get(i).is("COLUMN")) {
      i++;
    }
    if (i >= t.size() || !isName(t.get(i)) || t.get(i).is("IF") || t.get(i).is("PRIMARY")) {
      return Optional.empty();
    }
    String column = t.get(i).name();
    String alteredTable = table;
    return column(t.subList(i + 1, t.size()))
        .flatMap(alteration -> found(alteration, statement, alteredTable, column));
  }

  /**
   * Why SQLite's ADD COLUMN refuses a column with {@code definition} (what follows its name),
   * checked in the order SQLite and {@code SqliteDialect.addColumn} check; empty when it does not.
   */
  private static Optional<SqliteAlteration> column(List<Token> definition) {
    boolean primaryKey = false;
    boolean unique = false;
    boolean notNull = false;
    Boolean constantDefault = null; // null: no default; false: not a constant
    boolean nullDefault = false;
    boolean generated = false;
    int depth = 0;
    for (int i = 0; i < definition.size(); i++) {
      Token token = definition.get(i);
      if (token.isPunct('(')) {
        depth++;
      } else if (token.isPunct(')')) {
        depth--;
      } else if (depth > 0) {
        continue; // inside CHECK (...), REFERENCES t (...), a type's (10, 2)
      } else if (token.isPunct(',')) {
        return Optional.empty(); // several actions: PostgreSQL's syntax, not a form named here
      } else if (token.is("AS")) {
        generated = true; // [GENERATED ALWAYS] AS (expr): computed, so NOT NULL needs no default
      } else if (token.is("PRIMARY")) {
        primaryKey = true;
      } else if (token.is("UNIQUE")) {
        unique = true;
      } else if (token.is("NOT") && i + 1 < definition.size() && definition.get(i + 1).is("NULL")) {
        notNull = true;
        i++;
      } else if (token.is("DEFAULT") && i + 1 < definition.size()) {
        int end = defaultEnd(definition, i + 1);
        List<Token> value = definition.subList(i + 1, end);
        constantDefault = isConstant(value);
        nullDefault = constantDefault && isNull(value);
        i = end - 1;
      }
    }
    if (primaryKey) {
      return Optional.of(SqliteAlteration.ADD_PRIMARY_KEY_COLUMN);
    }
    if (unique) {
      return Optional.of(SqliteAlteration.ADD_UNIQUE_COLUMN);
    }
    if (generated) {
      return Optional.empty();
    }
    if (notNull && (constantDefault == null || !constantDefault || nullDefault)) {
      return Optional.of(SqliteAlteration.ADD_NOT_NULL_COLUMN);
    }
    if (Boolean.FALSE.equals(constantDefault)) {
      return Optional.of(SqliteAlteration.ADD_COLUMN_WITH_EXPRESSION_DEFAULT);
    }
    return Optional.empty();
  }

  /** The index after the default value that starts at {@code start}. */
  private static int defaultEnd(List<Token> tokens, int start) {
    int i = start;
    if (tokens.get(i).isPunct('+') || tokens.get(i).isPunct('-')) {
      i++;
    }
    if (i < tokens.size() && tokens.get(i).isPunct('(')) {
      int depth = 0;
      for (; i < tokens.size(); i++) {
        if (tokens.get(i).isPunct('(')) {
          depth++;
        } else if (tokens.get(i).isPunct(')') && --depth == 0) {
          return i + 1;
        }
      }
      return tokens.size();
    }
    return Math.min(tokens.size(), i + 1);
  }

  /**
   * Whether SQLite takes {@code value} as a constant default: a literal, a signed number, a bare
   * word (SQLite reads {@code DEFAULT x} as the string 'x'), or one of those in parentheses. {@code
   * CURRENT_TIMESTAMP} and its kind, and any expression in parentheses, are not.
   */
  private static boolean isConstant(List<Token> value) {
    List<Token> inner = value;
    while (inner.size() >= 2
        && inner.get(0).isPunct('(')
        && inner.get(inner.size() - 1).isPunct(')')) {
      inner = inner.subList(1, inner.size() - 1);
    }
    if (!inner.isEmpty() && (inner.get(0).isPunct('+') || inner.get(0).isPunct('-'))) {
      return inner.size() == 2 && inner.get(1).kind() == Kind.NUMBER;
    }
    if (inner.size() != 1) {
      return false;
    }
    Token token = inner.get(0);
    boolean parenthesised = inner != value;
    return switch (token.kind()) {
      case STRING, NUMBER, BLOB -> true;
        // In parentheses a word is a column, except the literals NULL, TRUE and FALSE.
      case WORD ->
          !CURRENT.contains(token.word())
              && (!parenthesised || token.is("NULL") || token.is("TRUE") || token.is("FALSE"));
      case QUOTED_NAME -> !parenthesised; // DEFAULT "abc" is the string 'abc'
      default -> false;
    };
  }

  private static boolean isNull(List<Token> value) {
    return value.stream().anyMatch(token -> token.is("NULL"));
  }

  private static boolean isName(Token token) {
    return token.kind() == Kind.WORD || token.kind() == Kind.QUOTED_NAME;
  }

  private static Optional<SqliteAlterStatement> found(
      SqliteAlteration alteration, Statement statement, String table, String subject) {
    return Optional.of(new SqliteAlterStatement(alteration, statement.text(), table, subject));
  }

  /** {@code sql} split at {@code ;} outside literals and comments, each statement as tokens. */
  private static List<Statement> statements(String sql) {
    List<Statement> statements = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    int start = 0;
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        int close = sql.indexOf("*/", i + 2); // SQLite's block comments do not nest
        i = close < 0 ? n : close + 2;
      } else if (c == '\'') {
        int end = quotedEnd(sql, i, '\'');
        tokens.add(new Token(Kind.STRING, "", sql.substring(i, end)));
        i = end;
      } else if (c == '"' || c == '`') {
        int end = quotedEnd(sql, i, c);
        String name = sql.substring(i + 1, Math.max(i + 1, end - 1));
        tokens.add(new Token(Kind.QUOTED_NAME, "", name.replace("" + c + c, "" + c)));
        i = end;
      } else if (c == '[') {
        int close = sql.indexOf(']', i);
        int end = close < 0 ? n : close + 1;
        tokens.add(new Token(Kind.QUOTED_NAME, "", sql.substring(i + 1, Math.max(i + 1, end - 1))));
        i = end;
      } else if ((c == 'x' || c == 'X') && next == '\'') {
        int end = quotedEnd(sql, i + 1, '\'');
        tokens.add(new Token(Kind.BLOB, "", sql.substring(i, end)));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int begin = i;
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i)) || "_$".indexOf(sql.charAt(i)) >= 0)) {
          i++;
        }
        String word = sql.substring(begin, i);
        tokens.add(new Token(Kind.WORD, word.toUpperCase(Locale.ROOT), word));
      } else if (Character.isDigit(c) || (c == '.' && Character.isDigit(next))) {
        int begin = i;
        while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
          i++;
        }
        tokens.add(new Token(Kind.NUMBER, "", sql.substring(begin, i)));
      } else if (c == ';') {
        if (!tokens.isEmpty()) {
          statements.add(new Statement(List.copyOf(tokens), sql.substring(start, i).strip()));
          tokens.clear();
        }
        i++;
        start = i;
      } else {
        tokens.add(new Token(Kind.PUNCT, "", String.valueOf(c)));
        i++;
      }
    }
    if (!tokens.isEmpty()) {
      statements.add(new Statement(List.copyOf(tokens), sql.substring(start).strip()));
    }
    return statements;
  }

  /** After the quote closing the one at {@code start}; a doubled quote is part of the text. */
  private static int quotedEnd(String sql, int start, char quote) {
    int i = start + 1;
    while (i < sql.length()) {
      if (sql.charAt(i) == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }
}
