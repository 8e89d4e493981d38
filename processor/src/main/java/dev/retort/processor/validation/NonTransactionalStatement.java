package dev.retort.processor.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The SQL statements that a database refuses inside a transaction block, as {@code
 * [Retort/NonTransactional]} finds them in the SQL of an {@code execute} call.
 *
 * <p>The SQL is read as tokens, case-insensitively: comments ({@code --} and nested block
 * comments), string literals ({@code '...'}, {@code E'...'}, {@code $tag$...$tag$}) and quoted
 * identifiers never match, so {@code INSERT INTO log VALUES ('VACUUM')} is no {@code VACUUM}. Every
 * statement of a multi-statement string is checked; a keyword must start its statement, as in
 * PostgreSQL's grammar.
 */
enum NonTransactionalStatement {
  CREATE_INDEX_CONCURRENTLY("CREATE INDEX CONCURRENTLY"),
  CREATE_UNIQUE_INDEX_CONCURRENTLY("CREATE UNIQUE INDEX CONCURRENTLY"),
  DROP_INDEX_CONCURRENTLY("DROP INDEX CONCURRENTLY"),
  REINDEX_CONCURRENTLY("REINDEX ... CONCURRENTLY"),
  VACUUM("VACUUM"),
  CREATE_DATABASE("CREATE DATABASE"),
  DROP_DATABASE("DROP DATABASE"),
  ALTER_SYSTEM("ALTER SYSTEM"),
  /**
   * PostgreSQL before 12 refuses it in a transaction block; later versions run it, but the new
   * value cannot be used until the transaction commits.
   */
  ALTER_TYPE_ADD_VALUE("ALTER TYPE ... ADD VALUE");

  /** A string literal or a quoted identifier: a token that is never a keyword. */
  static final String QUOTED = "'";

  /** What REINDEX rebuilds: REINDEX [ ( options ) ] target [ CONCURRENTLY ] name. */
  private static final Set<String> REINDEX_TARGETS =
      Set.of("INDEX", "TABLE", "SCHEMA", "DATABASE", "SYSTEM");

  private final String text;

  NonTransactionalStatement(String text) {
    this.text = text;
  }

  /** How messages name the statement: {@code CREATE INDEX CONCURRENTLY}. */
  String text() {
    return text;
  }

  /** The first statement in {@code sql} that refuses a transaction, if any. */
  static Optional<NonTransactionalStatement> find(String sql) {
    for (List<String> statement : statements(sql)) {
      Optional<NonTransactionalStatement> found = match(statement);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<NonTransactionalStatement> match(List<String> tokens) {
    if (startsWith(tokens, "CREATE", "INDEX", "CONCURRENTLY")) {
      return Optional.of(CREATE_INDEX_CONCURRENTLY);
    }
    if (startsWith(tokens, "CREATE", "UNIQUE", "INDEX", "CONCURRENTLY")) {
      return Optional.of(CREATE_UNIQUE_INDEX_CONCURRENTLY);
    }
    if (startsWith(tokens, "DROP", "INDEX", "CONCURRENTLY")) {
      return Optional.of(DROP_INDEX_CONCURRENTLY);
    }
    if (startsWith(tokens, "REINDEX")) {
      int i = 1;
      if (i < tokens.size() && tokens.get(i).equals("(")) {
        while (i < tokens.size() && !tokens.get(i).equals(")")) {
          i++;
        }
        i++;
      }
      if (i + 1 < tokens.size()
          && REINDEX_TARGETS.contains(tokens.get(i))
          && tokens.get(i + 1).equals("CONCURRENTLY")) {
        return Optional.of(REINDEX_CONCURRENTLY);
      }
    }
    if (startsWith(tokens, "VACUUM")) {
      return Optional.of(VACUUM);
    }
    if (startsWith(tokens, "CREATE", "DATABASE")) {
      return Optional.of(CREATE_DATABASE);
    }
    if (startsWith(tokens, "DROP", "DATABASE")) {
      return Optional.of(DROP_DATABASE);
    }
    if (startsWith(tokens, "ALTER", "SYSTEM")) {
      return Optional.of(ALTER_SYSTEM);
    }
    if (startsWith(tokens, "ALTER", "TYPE")) {
      // ALTER TYPE name ADD VALUE ..., where name may be qualified: schema.name.
      int i = 3;
      while (i + 1 < tokens.size() && tokens.get(i).equals(".")) {
        i += 2;
      }
      if (i + 1 < tokens.size()
          && tokens.get(i).equals("ADD")
          && tokens.get(i + 1).equals("VALUE")) {
        return Optional.of(ALTER_TYPE_ADD_VALUE);
      }
    }
    return Optional.empty();
  }

  private static boolean startsWith(List<String> tokens, String... keywords) {
    if (tokens.size() < keywords.length) {
      return false;
    }
    for (int i = 0; i < keywords.length; i++) {
      if (!tokens.get(i).equals(keywords[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code sql} as statements split at {@code ;}, each a list of tokens: words in upper case,
   * {@link #QUOTED} for each literal or quoted identifier, any other character as itself.
   */
  static List<List<String>> statements(String sql) {
    List<List<String>> statements = new ArrayList<>();
    for (List<Token> tokens : tokens(sql)) {
      statements.add(tokens.stream().map(Token::word).toList());
    }
    return statements;
  }

  /**
   * One token of PostgreSQL's SQL.
   *
   * @param word a word or number in upper case, {@link #QUOTED} for a literal or quoted identifier,
   *     or a punctuation character as itself: what keywords are matched against
   * @param name the name a word or quoted identifier stands for, as PostgreSQL folds it (an
   *     unquoted word in lower case, a quoted one as written); null for literals and punctuation
   */
  record Token(String word, String name) {
    boolean is(String keyword) {
      return word.equals(keyword);
    }

    boolean isName() {
      return name != null;
    }
  }

  /**
   * {@code sql} as statements split at {@code ;}, each a list of {@link Token}s; comments dropped,
   * a run of digits one token. The same reading serves every PostgreSQL rule.
   */
  static List<List<Token>> tokens(String sql) {
    List<List<Token>> statements = new ArrayList<>();
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      char next = i + 1 < n ? sql.charAt(i + 1) : '\0';
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && next == '-') {
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && next == '*') {
        i = blockCommentEnd(sql, i);
      } else if (c == '\'') {
        i = quotedEnd(sql, i, '\'', false);
        tokens.add(new Token(QUOTED, null));
      } else if (c == '"') {
        int start = i;
        i = quotedEnd(sql, i, '"', false);
        String name = sql.substring(start + 1, Math.max(start + 1, i - 1)).replace("\"\"", "\"");
        tokens.add(new Token(QUOTED, name));
      } else if (c == '$' && dollarTag(sql, i) != null) {
        String tag = dollarTag(sql, i);
        int close = sql.indexOf(tag, i + tag.length());
        i = close < 0 ? n : close + tag.length();
        tokens.add(new Token(QUOTED, null));
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n
            && (Character.isLetterOrDigit(sql.charAt(i)) || "_$".indexOf(sql.charAt(i)) >= 0)) {
          i++;
        }
        String word = sql.substring(start, i);
        if (word.equalsIgnoreCase("E") && i < n && sql.charAt(i) == '\'') {
          i = quotedEnd(sql, i, '\'', true); // E'...' takes backslash escapes
          tokens.add(new Token(QUOTED, null));
        } else {
          tokens.add(new Token(word.toUpperCase(Locale.ROOT), word.toLowerCase(Locale.ROOT)));
        }
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && Character.isDigit(sql.charAt(i))) {
          i++;
        }
        tokens.add(new Token(sql.substring(start, i), null));
      } else if (c == ';') {
        if (!tokens.isEmpty()) {
          statements.add(List.copyOf(tokens));
          tokens.clear();
        }
        i++;
      } else {
        tokens.add(new Token(String.valueOf(c), null));
        i++;
      }
    }
    if (!tokens.isEmpty()) {
      statements.add(List.copyOf(tokens));
    }
    return statements;
  }

  /** After the {@code * /} closing the comment at {@code start}; PostgreSQL's comments nest. */
  private static int blockCommentEnd(String sql, int start) {
    int depth = 0;
    int i = start;
    while (i + 1 < sql.length()) {
      if (sql.charAt(i) == '/' && sql.charAt(i + 1) == '*') {
        depth++;
        i += 2;
      } else if (sql.charAt(i) == '*' && sql.charAt(i + 1) == '/') {
        depth--;
        i += 2;
        if (depth == 0) {
          return i;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }

  /** After the quote closing the one at {@code start}; a doubled quote is part of the text. */
  private static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
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

  /**
   * The {@code $tag$} or {@code $$} that opens a dollar-quoted string at {@code start}, or null.
   */
  private static String dollarTag(String sql, int start) {
    int i = start + 1;
    while (i < sql.length()
        && (Character.isLetter(sql.charAt(i))
            || sql.charAt(i) == '_'
            || (i > start + 1 && Character.isDigit(sql.charAt(i))))) {
      i++;
    }
    return i < sql.length() && sql.charAt(i) == '$' ? sql.substring(start, i + 1) : null;
  }
}
