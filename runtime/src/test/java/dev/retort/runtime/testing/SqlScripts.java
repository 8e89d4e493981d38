package dev.retort.runtime.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * Runs an offline script the way psql and sqlite3 do: statement by statement, split at each {@code
 * ;} outside string literals, quoted identifiers, comments, dollar quotes and a trigger's {@code
 * BEGIN ... END} body, in auto-commit mode, so that the script's own BEGIN and COMMIT decide.
 */
public final class SqlScripts {
  private SqlScripts() {}

  /** The statements of {@code script}, without their {@code ;}; comment-only pieces dropped. */
  public static List<String> split(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean hasCode = false;
    int n = script.length();
    int i = 0;
    while (i < n) {
      char c = script.charAt(i);
      int end = i + 1;
      if (c == '\'' || c == '"') {
        end = i + 1;
        while (end < n) {
          if (script.charAt(end) == c) {
            if (end + 1 < n && script.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            end++;
            break;
          }
          end++;
        }
      } else if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
        int newline = script.indexOf('\n', i);
        end = newline < 0 ? n : newline;
        current.append(script, i, end);
        i = end;
        continue; // a comment is not code
      } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
        int close = script.indexOf("*/", i + 2);
        end = close < 0 ? n : close + 2;
      } else if (c == '$') {
        int tag = i + 1;
        while (tag < n
            && (Character.isLetterOrDigit(script.charAt(tag)) || script.charAt(tag) == '_')) {
          tag++;
        }
        if (tag < n && script.charAt(tag) == '$') {
          String quote = script.substring(i, tag + 1);
          int close = script.indexOf(quote, tag + 1);
          end = close < 0 ? n : close + quote.length();
        }
      } else if (c == ';') {
        String text = current.toString().strip();
        String upper = text.toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        boolean inTrigger =
            upper.matches("(?s)(--[^\\n]*\\n\\s*)*CREATE (TEMP |TEMPORARY )?TRIGGER .*")
                && !upper.matches("(?s).*\\bEND");
        if (inTrigger) {
          current.append(c);
          i++;
          continue;
        }
        if (hasCode) {
          statements.add(stripComments(text));
        }
        current.setLength(0);
        hasCode = false;
        i++;
        continue;
      }
      if (!Character.isWhitespace(c)) {
        hasCode = true;
      }
      current.append(script, i, end);
      i = end;
    }
    if (hasCode) {
      throw new IllegalArgumentException("the script ends without ;: " + current);
    }
    return statements;
  }

  /** Leading comment lines, which belong to the script, not to the statement. */
  private static String stripComments(String text) {
    String result = text;
    while (result.startsWith("--")) {
      int newline = result.indexOf('\n');
      result = newline < 0 ? "" : result.substring(newline + 1).strip();
    }
    return result;
  }

  /** Runs every statement of {@code script} in order, on one connection in auto-commit mode. */
  public static void run(DataSource dataSource, String script) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : split(script)) {
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          throw new IllegalStateException("script statement failed: " + sql, e);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
