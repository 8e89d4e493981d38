package dev.retort.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits a DDL script into its statements at the {@code ;} that end them, for a target schema
 * given as DDL. A {@code ;} inside a comment, quoted text or identifier, a PostgreSQL
 * dollar-quoted body ({@code $$ ... $$}) or a {@code BEGIN ... END} body (SQLite's triggers,
 * PostgreSQL's {@code BEGIN ATOMIC}) ends nothing. Each statement keeps the line it starts on, for
 * messages.
 */
final class DdlStatements {
  /** One statement and the 1-based line of its first character. */
  record Statement(int line, String sql) {}

  // Only these statements have a BEGIN ... END body whose own statements end in ;.
  private static final Pattern WITH_BODY =
      Pattern.compile(
          "(?is)CREATE\\s+(OR\\s+REPLACE\\s+)?((TEMP|TEMPORARY)\\s+)?(CONSTRAINT\\s+)?"
              + "(TRIGGER|FUNCTION|PROCEDURE)\\b.*");

  private DdlStatements() {}

  /**
   * The statements of {@code script}, without their terminating {@code ;}, leading comments and
   * surrounding blanks; empty statements are skipped.
   *
   * @param postgres whether {@code $tag$} quoting and {@code E'...'} escapes apply (PostgreSQL),
   *     or {@code `...`} and {@code [...]} identifiers (SQLite)
   */
  static List<Statement> split(String script, boolean postgres) {
    List<Statement> statements = new ArrayList<>();
    int length = script.length();
    int line = 1;
    int start = -1; // first significant character of the current statement
    int startLine = 0;
    int depth = 0; // BEGIN/CASE ... END nesting, counted in statements with a body
    boolean withBody = false;
    int i = 0;
    while (i < length) {
      char c = script.charAt(i);
      char next = i + 1 < length ? script.charAt(i + 1) : '\0';
      if (c == '-' && next == '-') {
        int end = script.indexOf('\n', i);
        i = end < 0 ? length : end; // the newline itself is counted below
        continue;
      }
      if (c == '/' && next == '*') {
        int end = script.indexOf("*/", i + 2);
        int stop = end < 0 ? length : end + 2;
        line += count(script, i, stop);
        i = stop;
        continue;
      }
      if (c == '\n') {
        line++;
        i++;
        continue;
      }
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      if (start < 0) {
        start = i;
        startLine = line;
        withBody = false;
        depth = 0;
      }
      int stop = -1;
      if (c == '\'') {
        boolean escapes =
            postgres
                && i > 0
                && (script.charAt(i - 1) == 'E' || script.charAt(i - 1) == 'e')
                && (i == 1 || !Character.isLetterOrDigit(script.charAt(i - 2)));
        stop = quoted(script, i, '\'', escapes);
      } else if (c == '"') {
        stop = quoted(script, i, '"', false);
      } else if (!postgres && c == '`') {
        stop = quoted(script, i, '`', false);
      } else if (!postgres && c == '[') {
        int end = script.indexOf(']', i + 1);
        stop = end < 0 ? length : end + 1;
      } else if (postgres && c == '$') {
        stop = dollarQuoted(script, i);
      }
      if (stop > 0) {
        line += count(script, i, stop);
        i = stop;
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < length
            && (Character.isLetterOrDigit(script.charAt(end)) || script.charAt(end) == '_'
                || script.charAt(end) == '$')) {
          end++;
        }
        if (!withBody && WITH_BODY.matcher(script.substring(start, end)).matches()) {
          withBody = true;
        }
        if (withBody) {
          String word = script.substring(i, end).toUpperCase(Locale.ROOT);
          if (word.equals("BEGIN") || word.equals("CASE")) {
            depth++;
          } else if (word.equals("END") && depth > 0) {
            depth--;
          }
        }
        i = end;
        continue;
      }
      if (c == ';' && depth == 0) {
        add(statements, script.substring(start, i), startLine);
        start = -1;
      }
      i++;
    }
    if (start >= 0) {
      add(statements, script.substring(start), startLine);
    }
    return statements;
  }

  private static void add(List<Statement> statements, String sql, int line) {
    String text = sql.strip();
    if (!text.isEmpty() && !text.equals(";")) {
      statements.add(new Statement(line, text));
    }
  }

  /** The index after the quote that closes the one at {@code open}; a doubled quote is literal. */
  private static int quoted(String script, int open, char quote, boolean backslashEscapes) {
    int i = open + 1;
    while (i < script.length()) {
      char c = script.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
        continue;
      }
      if (c == quote) {
        if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return script.length();
  }

  /** After a {@code $tag$ ... $tag$} body opening at {@code open}, or -1 when none opens there. */
  private static int dollarQuoted(String script, int open) {
    int i = open + 1;
    if (i < script.length() && Character.isDigit(script.charAt(i))) {
      return -1; // $1 is a parameter, not a quote
    }
    while (i < script.length()
        && (Character.isLetterOrDigit(script.charAt(i)) || script.charAt(i) == '_')) {
      i++;
    }
    if (i >= script.length() || script.charAt(i) != '$') {
      return -1;
    }
    String tag = script.substring(open, i + 1);
    int end = script.indexOf(tag, i + 1);
    return end < 0 ? script.length() : end + tag.length();
  }

  private static int count(String script, int from, int to) {
    int lines = 0;
    for (int i = from; i < to; i++) {
      if (script.charAt(i) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
