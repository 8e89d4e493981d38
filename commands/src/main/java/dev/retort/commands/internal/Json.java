package dev.retort.commands.internal;

import java.util.List;

/** A small JSON writer: objects, arrays, strings, numbers and booleans, in insertion order. */
public final class Json {
  private final StringBuilder out = new StringBuilder();
  private boolean needsComma;

  public Json beginObject() {
    comma();
    out.append('{');
    needsComma = false;
    return this;
  }

  public Json endObject() {
    out.append('}');
    needsComma = true;
    return this;
  }

  public Json beginArray(String name) {
    name(name);
    out.append('[');
    needsComma = false;
    return this;
  }

  public Json endArray() {
    out.append(']');
    needsComma = true;
    return this;
  }

  /** Starts a nested object as the value of {@code name}. */
  public Json beginObject(String name) {
    name(name);
    out.append('{');
    needsComma = false;
    return this;
  }

  public Json value(String name, String value) {
    name(name);
    string(value);
    needsComma = true;
    return this;
  }

  public Json value(String name, long value) {
    name(name);
    out.append(value);
    needsComma = true;
    return this;
  }

  public Json value(String name, boolean value) {
    name(name);
    out.append(value);
    needsComma = true;
    return this;
  }

  public Json strings(String name, List<String> values) {
    beginArray(name);
    for (String value : values) {
      comma();
      string(value);
      needsComma = true;
    }
    return endArray();
  }

  private void name(String name) {
    comma();
    string(name);
    out.append(':');
    needsComma = false;
  }

  private void comma() {
    if (needsComma) {
      out.append(',');
    }
  }

  private void string(String value) {
    if (value == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  @Override
  public String toString() {
    return out.toString();
  }
}
