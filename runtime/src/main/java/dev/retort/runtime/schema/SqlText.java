package dev.retort.runtime.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Normalises SQL text the databases report (defaults, check expressions, index keys, view and
 * trigger text, type names) to one spelling, so that a comparison sees only real differences. It
 * reads tokens, not statements: strings and quoted names stay as they are, keywords and plain names
 * are lower-cased, whitespace becomes single spaces, casts ({@code 'x'::text}) and parentheses
 * around the whole expression go, and {@code now()} becomes {@code current_timestamp}.
 */
final class SqlText {
  private SqlText() {}

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

  // Compiled once: a schema of a thousand tables normalises thousands of types a read.
  private static final Pattern SIMPLE_TYPE = Pattern.compile("[a-z0-9_]+(\\([0-9]+(,[0-9]+)?\\))?");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final Pattern SPACED_OPEN = Pattern.compile("\\s*\\(\\s*");
  private static final Pattern SPACED_COMMA = Pattern.compile("\\s*,\\s*");
  private static final Pattern SPACED_CLOSE = Pattern.compile("\\s*\\)");

  /** Words that continue a multi-word type name after a cast's first word. */
  private static final Set<String> TYPE_WORDS =
      Set.of("varying", "precision", "with", "without", "time", "zone");

  /** One spelling per type: what PostgreSQL's aliases and SQLite's declared types mean. */
  private static final Map<String, String> TYPE_ALIASES =
      Map.ofEntries(
          Map.entry("int", "integer"),
          Map.entry("int4", "integer"),
          Map.entry("int2", "smallint"),
          Map.entry("int8", "bigint"),
          Map.entry("serial4", "serial"),
          Map.entry("serial8", "bigserial"),
          Map.entry("bool", "boolean"),
          Map.entry("float4", "real"),
          Map.entry("float8", "double precision"),
          Map.entry("float", "double precision"),
          Map.entry("decimal", "numeric"),
          Map.entry("character varying", "varchar"),
          Map.entry("character", "char"),
          Map.entry("bpchar", "char"),
          Map.entry("timestamp without time zone", "timestamp"),
          Map.entry("timestamptz", "timestamp with time zone"),
          Map.entry("time without time zone", "time"),
          Map.entry("timetz", "time with time zone"));

  /**
   * A type name in one spelling: lower case, single spaces, no spaces inside the parentheses,
   * aliases resolved ({@code int4} and {@code INT} are {@code integer}), and {@code (p)} kept where
   * it sits ({@code timestamp(3) with time zone}).
   */
  static String normalizeType(String type) {
    String text = unquote(type.strip()).toLowerCase(Locale.ROOT);
    if (!SIMPLE_TYPE.matcher(text).matches()) {
      text = SPACES.matcher(text).replaceAll(" ");
      text = SPACED_OPEN.matcher(text).replaceAll("(");
      text = SPACED_COMMA.matcher(text).replaceAll(",");
      text = SPACED_CLOSE.matcher(text).replaceAll(")");
    }
    String arguments = "";
    String suffix = "";
    int open = text.indexOf('(');
    if (open >= 0) {
      int close = text.indexOf(')', open);
      arguments = text.substring(open, close + 1);
      suffix = text.substring(close + 1).strip();
      text = text.substring(0, open).strip();
    }
    String base = text + (suffix.isEmpty() ? "" : " " + suffix);
    String alias = TYPE_ALIASES.get(base);
    if (alias != null) {
      return alias + arguments;
    }
    alias = TYPE_ALIASES.get(text);
    return (alias != null ? alias : text) + arguments + (suffix.isEmpty() ? "" : " " + suffix);
  }

  private static String unquote(String name) {
    if (name.length() > 1 && name.startsWith("\"") && name.endsWith("\"")) {
      return name.substring(1, name.length() - 1).replace("\"\"", "\"");
    }
    return name;
  }

  /** A default's or an expression's text in one spelling; null stays null. */
  static String normalize(String sql) {
    if (sql == null) {
      return null;
    }
    List<String> tokens = dropRedundantParens(dropCasts(tokens(sql)));
    tokens = replaceNow(tokens);
    while (!tokens.isEmpty() && tokens.get(tokens.size() - 1).equals(";")) {
      tokens = tokens.subList(0, tokens.size() - 1); // pg_get_viewdef ends its text with one
    }
    while (wrapped(tokens)) {
      tokens = tokens.subList(1, tokens.size() - 1);
    }
    return render(tokens);
  }

  /** A default in one spelling, or null for none: {@code DEFAULT NULL} is no default. */
  static String normalizeDefault(String sql) {
    String text = normalize(sql);
    return text == null || text.isEmpty() || text.equals("null") ? null : text;
  }

  /** A name as the outline shows it: plain names as they are, anything else in double quotes. */
  static String name(String name) {
    return PLAIN_NAME.matcher(name).matches() ? name : '"' + name.replace("\"", "\"\"") + '"';
  }

  // ---- Tokens: strings and quoted names whole, words lower-cased, operators as runs.

  static List<String> tokens(String sql) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? n : end + 1;
      } else if (sql.startsWith("/*", i)) {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"' || c == '`' || (c == '[' && !arrayBracket(sql, i, tokens))) {
        char close = c == '[' ? ']' : c;
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == close) {
            if (close != ']' && end + 1 < n && sql.charAt(end + 1) == close) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        end = Math.min(end + 1, n);
        String text = sql.substring(i, end);
        if (c == '\'') {
          tokens.add(text);
        } else {
          String inner = text.substring(1, text.length() - 1);
          if (c != '[') {
            inner = inner.replace("" + c + c, "" + c);
          }
          // A quoted plain name means the same as the bare name (PostgreSQL folds bare names to
          // lower case, SQLite ignores case), so both spell the same here.
          tokens.add(
              PLAIN_NAME.matcher(inner).matches()
                  ? inner.toLowerCase(Locale.ROOT)
                  : '"' + inner.replace("\"", "\"\"") + '"');
        }
        i = end;
      } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127) {
        int end = i;
        while (end < n) {
          char d = sql.charAt(end);
          if (Character.isLetterOrDigit(d) || d == '_' || d == '$' || d > 127) {
            end++;
          } else if (d == '.' && Character.isDigit(c)) {
            end++; // a decimal point inside a number
          } else {
            break;
          }
        }
        tokens.add(sql.substring(i, end).toLowerCase(Locale.ROOT));
        i = end;
      } else if ("()[],;.".indexOf(c) >= 0) {
        tokens.add(String.valueOf(c));
        i++;
      } else {
        int end = i;
        while (end < n && "+-*/<>=~!@#%^&|`?:".indexOf(sql.charAt(end)) >= 0) {
          end++;
        }
        if (end == i) {
          end = i + 1;
        }
        tokens.add(sql.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }

  /**
   * True when the {@code [} at {@code i} opens PostgreSQL's {@code ARRAY[...]} or a subscript
   * ({@code a[1]}), not a SQLite bracket-quoted name.
   */
  private static boolean arrayBracket(String sql, int i, List<String> tokens) {
    if (tokens.isEmpty()) {
      return false;
    }
    String previous = tokens.get(tokens.size() - 1);
    if (previous.equals("array")) {
      return true;
    }
    boolean adjacent = i > 0 && !Character.isWhitespace(sql.charAt(i - 1));
    return adjacent && (isWord(previous) || previous.equals(")") || previous.equals("]"));
  }

  /**
   * Removes parentheses that mean nothing, as PostgreSQL adds and drops them when it deparses its
   * own output again: around one literal after an operator, a comma or a bracket ({@code = ('x')}),
   * and the outer pair of a doubled one ({@code ((array[...]))}). A call's or IN's parentheses
   * stay.
   */
  private static List<String> dropRedundantParens(List<String> tokens) {
    List<String> out = new ArrayList<>(tokens);
    boolean changed = true;
    while (changed) {
      changed = false;
      for (int i = 0; i < out.size(); i++) {
        if (!out.get(i).equals("(")) {
          continue;
        }
        String previous = i == 0 ? null : out.get(i - 1);
        boolean afterWord = previous != null && isWord(previous);
        if (!afterWord && i + 2 < out.size() && out.get(i + 2).equals(")")
            && isLiteral(out.get(i + 1))) {
          out.remove(i + 2);
          out.remove(i);
          changed = true;
          break;
        }
        if (i + 1 < out.size() && out.get(i + 1).equals("(")) {
          int inner = closing(out, i + 1);
          if (inner > 0 && inner + 1 < out.size() && out.get(inner + 1).equals(")")
              && !hasTopLevelComma(out, i + 1, inner)) {
            out.remove(inner + 1);
            out.remove(i);
            changed = true;
            break;
          }
        }
      }
    }
    return out;
  }

  private static boolean isLiteral(String token) {
    char c = token.charAt(0);
    return c == '\'' || Character.isDigit(c);
  }

  private static int closing(List<String> tokens, int open) {
    int depth = 0;
    for (int i = open; i < tokens.size(); i++) {
      if (tokens.get(i).equals("(")) {
        depth++;
      } else if (tokens.get(i).equals(")") && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hasTopLevelComma(List<String> tokens, int open, int close) {
    int depth = 0;
    for (int i = open + 1; i < close; i++) {
      String token = tokens.get(i);
      if (token.equals("(") || token.equals("[")) {
        depth++;
      } else if (token.equals(")") || token.equals("]")) {
        depth--;
      } else if (depth == 0 && token.equals(",")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWord(String token) {
    char c = token.charAt(0);
    return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '"' || c > 127;
  }

  /** Removes {@code ::type} casts: PostgreSQL adds them to literals it reports back. */
  private static List<String> dropCasts(List<String> tokens) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < tokens.size()) {
      String token = tokens.get(i);
      if (token.equals("::") && i + 1 < tokens.size() && isWord(tokens.get(i + 1))) {
        i += 2;
        while (i < tokens.size() && TYPE_WORDS.contains(tokens.get(i))) {
          i++;
        }
        if (i < tokens.size() && tokens.get(i).equals("(")) {
          int depth = 0;
          do {
            if (tokens.get(i).equals("(")) {
              depth++;
            } else if (tokens.get(i).equals(")")) {
              depth--;
            }
            i++;
          } while (i < tokens.size() && depth > 0);
        }
        while (i + 1 < tokens.size() && tokens.get(i).equals("[") && tokens.get(i + 1).equals("]")) {
          i += 2;
        }
        continue;
      }
      out.add(token);
      i++;
    }
    return out;
  }

  /** {@code now()} and {@code current_timestamp} are the same value in a default. */
  private static List<String> replaceNow(List<String> tokens) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).equals("now")
          && i + 2 < tokens.size()
          && tokens.get(i + 1).equals("(")
          && tokens.get(i + 2).equals(")")) {
        out.add("current_timestamp");
        i += 2;
      } else {
        out.add(tokens.get(i));
      }
    }
    return out;
  }

  /** True when the first token's parenthesis closes at the last token. */
  private static boolean wrapped(List<String> tokens) {
    if (tokens.size() < 2
        || !tokens.get(0).equals("(")
        || !tokens.get(tokens.size() - 1).equals(")")) {
      return false;
    }
    int depth = 0;
    for (int i = 0; i < tokens.size(); i++) {
      if (tokens.get(i).equals("(")) {
        depth++;
      } else if (tokens.get(i).equals(")")) {
        depth--;
        if (depth == 0 && i < tokens.size() - 1) {
          return false;
        }
      }
    }
    return true;
  }

  /** Joins tokens with single spaces, none inside parentheses, before commas or around dots. */
  private static String render(List<String> tokens) {
    StringBuilder out = new StringBuilder();
    String previous = null;
    for (String token : tokens) {
      if (previous != null && space(previous, token)) {
        out.append(' ');
      }
      out.append(token);
      previous = token;
    }
    return out.toString();
  }

  private static boolean space(String previous, String token) {
    if (previous.equals("(") || previous.equals(".") || previous.equals("[")) {
      return false;
    }
    if (token.equals(")") || token.equals(",") || token.equals(".") || token.equals("]")
        || token.equals(";")) {
      return false;
    }
    if (token.equals("(") || token.equals("[")) {
      // A call or a type's arguments hug the name; after an operator or keyword, a space.
      return !isWord(previous) || KEYWORDS_BEFORE_PAREN.contains(previous);
    }
    return true;
  }

  private static final Set<String> KEYWORDS_BEFORE_PAREN =
      Set.of("and", "or", "not", "in", "as", "on", "when", "then", "else", "select", "where",
          "exists", "any", "all", "some", "using", "values", "from", "join", "is", "check",
          "between", "like", "by", "case", "return", "returns", "begin");
}
