package dev.retort.runtime.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A backfill's last key as the progress table keeps it: a JSON array of the key columns' values,
 * numbers for integer columns and strings for text ones ({@code [12000]}, {@code ["2026-11", 7]}),
 * readable by an operator and exact to read back. Integers come back as {@code Long} (as {@code
 * BigDecimal} past its range) and bind as such; text comes back as {@code String}.
 */
final class BackfillKeys {
  private BackfillKeys() {}

  /**
   * Encodes one row's key values; {@code columns} name them for the error when a value is null or
   * of a type other than integer or text.
   */
  static String encode(List<Object> values, List<String> columns, String table) {
    StringBuilder json = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        json.append(", ");
      }
      Object value = values.get(i);
      if (value instanceof String text) {
        quote(text, json);
      } else if (value instanceof Long
          || value instanceof Integer
          || value instanceof Short
          || value instanceof Byte
          || value instanceof BigInteger) {
        json.append(value);
      } else if (value instanceof BigDecimal decimal && decimal.stripTrailingZeros().scale() <= 0) {
        json.append(decimal.toBigIntegerExact());
      } else {
        throw new IllegalArgumentException(
            Messages.backfillKeyValue(table, columns.get(i), value));
      }
    }
    return json.append(']').toString();
  }

  private static void quote(String text, StringBuilder json) {
    json.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }

  /** Decodes what {@link #encode} wrote; throws naming the text when it is not such an array. */
  static List<Object> decode(String json) {
    Parser parser = new Parser(json);
    List<Object> values = parser.array();
    return values;
  }

  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    List<Object> array() {
      List<Object> values = new ArrayList<>();
      skipSpace();
      expect('[');
      skipSpace();
      if (peek() == ']') {
        at++;
      } else {
        while (true) {
          skipSpace();
          values.add(value());
          skipSpace();
          char c = next();
          if (c == ']') {
            break;
          }
          if (c != ',') {
            throw malformed();
          }
        }
      }
      skipSpace();
      if (at != text.length()) {
        throw malformed();
      }
      return values;
    }

    private Object value() {
      if (peek() == '"') {
        return string();
      }
      int start = at;
      if (peek() == '-') {
        at++;
      }
      while (at < text.length() && Character.isDigit(text.charAt(at))) {
        at++;
      }
      String digits = text.substring(start, at);
      if (digits.isEmpty() || digits.equals("-")) {
        throw malformed();
      }
      BigInteger number = new BigInteger(digits);
      return number.bitLength() < 64 ? (Object) number.longValue() : new BigDecimal(number);
    }

    private String string() {
      expect('"');
      StringBuilder out = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        char escaped = next();
        switch (escaped) {
          case '"', '\\', '/' -> out.append(escaped);
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'u' -> {
            if (at + 4 > text.length()) {
              throw malformed();
            }
            out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
            at += 4;
          }
          default -> throw malformed();
        }
      }
    }

    private void skipSpace() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }

    private char peek() {
      if (at >= text.length()) {
        throw malformed();
      }
      return text.charAt(at);
    }

    private char next() {
      char c = peek();
      at++;
      return c;
    }

    private void expect(char c) {
      if (next() != c) {
        throw malformed();
      }
    }

    private IllegalArgumentException malformed() {
      return new IllegalArgumentException(
          "the backfill's saved last key " + text + " is not a JSON array of numbers and strings");
    }
  }
}
