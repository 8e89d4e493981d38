package dev.retort.runtime.dialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small lexer for SQLite statement text, enough to take a CREATE TABLE apart without changing a
 * character of what it keeps: strings ({@code '...'} with {@code ''}), identifiers ({@code "..."},
 * {@code `...`}, {@code [...]}) and comments ({@code --}, {@code /* *}{@code /}) are single tokens
 * or skipped, and a parenthesized group is one token, so that commas and keywords inside a CHECK or
 * a type's arguments are never mistaken for the statement's own.
 */
final class SqliteSql {
  private SqliteSql() {}

  enum Kind {
    /** A keyword, a bare name or a number. */
    WORD,
    /** A quoted identifier. */
    QUOTED,
    /** A string literal. */
    STRING,
    /** A balanced {@code ( ... )}, its contents included. */
    GROUP,
    COMMA,
    /** Any other single character. */
    PUNCT
  }

  /** One token of {@code text}: {@code text.substring(start, end)}. */
  record Token(Kind kind, String text, int start, int end) {
    /** True for a bare word equal to {@code keyword}, ignoring ASCII case. */
    boolean is(String keyword) {
      return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
    }

    /** True for a token that can name something. */
    boolean isName() {
      return kind == Kind.WORD || kind == Kind.QUOTED || kind == Kind.STRING;
    }

    /** The name this token spells, quotes removed and doubled quotes undone. */
    String name() {
      return switch (kind) {
        case QUOTED -> {
          char open = text.charAt(0);
          String inner = text.substring(1, text.length() - 1);
          yield open == '[' ? inner : inner.replace("" + open + open, "" + open);
        }
        case STRING -> text.substring(1, text.length() - 1).replace("''", "'");
        default -> text;
      };
    }

    /** The contents of a group, without its parentheses. */
    String inner() {
      return text.substring(1, text.length() - 1);
    }
  }

  /** The tokens of {@code text} at the top level; whitespace and comments are skipped. */
  static List<Token> tokens(String text) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (text.startsWith("--", i) || text.startsWith("/*", i)) {
        i = skipComment(text, i);
      } else if (c == '(') {
        int end = closingParen(text, i);
        tokens.add(new Token(Kind.GROUP, text.substring(i, end), i, end));
        i = end;
      } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
        int end = skipQuoted(text, i);
        Kind kind = c == '\'' ? Kind.STRING : Kind.QUOTED;
        tokens.add(new Token(kind, text.substring(i, end), i, end));
        i = end;
      } else if (isWordChar(c)) {
        int end = i;
        boolean number = Character.isDigit(c);
        while (end < n && (isWordChar(text.charAt(end)) || (number && text.charAt(end) == '.'))) {
          end++;
        }
        tokens.add(new Token(Kind.WORD, text.substring(i, end), i, end));
        i = end;
      } else {
        tokens.add(new Token(c == ',' ? Kind.COMMA : Kind.PUNCT, String.valueOf(c), i, i + 1));
        i++;
      }
    }
    return tokens;
  }

  /**
   * Every name {@code text} mentions, at any depth, upper-cased: the words and quoted identifiers
   * of an expression. Keywords come too; callers look for one name, so they do no harm.
   */
  static List<String> names(String text) {
    List<String> names = new ArrayList<>();
    for (Token token : tokens(text)) {
      if (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED) {
        names.add(token.name().toUpperCase(Locale.ROOT));
      } else if (token.kind() == Kind.GROUP) {
        names.addAll(names(token.inner()));
      }
    }
    return names;
  }

  /** The index of the parenthesis that closes the one at {@code open}, plus one. */
  static int closingParen(String text, int open) {
    int depth = 0;
    int i = open;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`' || c == '[') {
        i = skipQuoted(text, i);
        continue;
      }
      if (text.startsWith("--", i) || text.startsWith("/*", i)) {
        i = skipComment(text, i);
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("unbalanced parentheses in: " + text);
  }

  private static int skipQuoted(String text, int start) {
    char open = text.charAt(start);
    char close = open == '[' ? ']' : open;
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == close) {
        if (close != ']' && i + 1 < text.length() && text.charAt(i + 1) == close) {
          i += 2; // a doubled quote stands for one
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new IllegalArgumentException("unterminated " + open + " in: " + text);
  }

  private static int skipComment(String text, int start) {
    if (text.startsWith("--", start)) {
      int end = text.indexOf('\n', start);
      return end < 0 ? text.length() : end + 1;
    }
    int end = text.indexOf("*/", start + 2);
    return end < 0 ? text.length() : end + 2;
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
  }
}
