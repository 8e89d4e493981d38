package dev.retort.processor.validation;

import dev.retort.processor.validation.NonTransactionalStatement.Token;
import dev.retort.processor.validation.body.BuilderChain;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A column type as PostgreSQL names it, read from a {@code ColumnType} builder call or from SQL
 * text, for the lock-safety rules: which type changes rewrite the table, and which types a team may
 * prefer to avoid.
 *
 * @param name the canonical name: {@code varchar}, {@code numeric}, {@code timestamptz}, ...; for a
 *     type this class does not know, its name as written in lower case
 * @param arguments the length, or precision and scale, when given
 */
record PostgresType(String name, List<Integer> arguments) {
  /** The types whose changes {@link #rewritesFrom} can judge. */
  private static final Set<String> KNOWN =
      Set.of(
          "smallint",
          "integer",
          "bigint",
          "boolean",
          "text",
          "varchar",
          "numeric",
          "real",
          "double precision",
          "date",
          "time",
          "timestamp",
          "timestamptz",
          "uuid",
          "json",
          "jsonb",
          "bytea");

  /** The words that end a type in a column definition. */
  private static final Set<String> AFTER_TYPE =
      Set.of(
          "NOT",
          "NULL",
          "DEFAULT",
          "PRIMARY",
          "REFERENCES",
          "UNIQUE",
          "CHECK",
          "CONSTRAINT",
          "GENERATED",
          "COLLATE",
          "USING",
          "COMMENT");

  PostgresType {
    arguments = List.copyOf(arguments);
  }

  /** As a message shows it: {@code varchar(50)}. */
  @Override
  public String toString() {
    return arguments.isEmpty()
        ? name
        : name
            + arguments.stream()
                .map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(",", "(", ")"));
  }

  boolean isKnown() {
    return KNOWN.contains(name);
  }

  /**
   * Whether changing a column from {@code old} to this type rewrites the table; empty when it
   * cannot be proven either way (an unknown type, or timestamp to timestamptz, which rewrites
   * unless the session's time zone is UTC).
   */
  Optional<Boolean> rewritesFrom(PostgresType old) {
    if (!isKnown() || !old.isKnown()) {
      return Optional.empty();
    }
    if (equals(old)) {
      return Optional.of(false);
    }
    String from = old.name;
    if (from.startsWith("timestamp") && name.startsWith("timestamp")) {
      return Optional.empty();
    }
    if (from.equals("varchar") && name.equals("text")) {
      return Optional.of(false);
    }
    if ((from.equals("varchar") || from.equals("text"))
        && name.equals("varchar")
        && arguments.isEmpty()) {
      return Optional.of(false);
    }
    if (from.equals("varchar") && name.equals("varchar")) {
      return Optional.of(old.arguments.isEmpty() || arguments.get(0) < old.arguments.get(0));
    }
    if (from.equals("numeric") && name.equals("numeric")) {
      if (arguments.isEmpty()) {
        return Optional.of(false);
      }
      if (old.arguments.isEmpty()) {
        return Optional.of(true);
      }
      int oldScale = old.arguments.size() > 1 ? old.arguments.get(1) : 0;
      int scale = arguments.size() > 1 ? arguments.get(1) : 0;
      return Optional.of(scale != oldScale || arguments.get(0) < old.arguments.get(0));
    }
    return Optional.of(true);
  }

  /**
   * The type a {@code ColumnType.x(...)} chain renders on PostgreSQL; empty when it is not such a
   * chain with constant arguments. Retort's {@code json()} is {@code jsonb} there.
   */
  static Optional<PostgresType> of(BuilderChain chain) {
    if (!chain.type().getQualifiedName().contentEquals("dev.retort.runtime.ops.ColumnType")
        || chain.calls().size() != 1) {
      return Optional.empty();
    }
    BuilderChain.Link factory = chain.calls().get(0);
    List<Integer> numbers = new ArrayList<>();
    for (Optional<Object> value : factory.constants()) {
      if (value.isPresent() && value.get() instanceof Integer number) {
        numbers.add(number);
      }
    }
    if (factory.name().equals("named")) {
      return factory
          .constantString(0)
          .flatMap(
              written ->
                  NonTransactionalStatement.tokens(written).stream()
                      .findFirst()
                      .flatMap(tokens -> parse(tokens, 0)));
    }
    String name =
        switch (factory.name()) {
          case "smallint",
                  "integer",
                  "bigint",
                  "text",
                  "real",
                  "date",
                  "time",
                  "timestamp",
                  "uuid" ->
              factory.name();
          case "bool" -> "boolean";
          case "varchar" -> numbers.size() == 1 ? "varchar" : null;
          case "numeric" -> numbers.size() == 2 ? "numeric" : null;
          case "doublePrecision" -> "double precision";
          case "timestampWithTimeZone" -> "timestamptz";
          case "json" -> "jsonb";
          case "bytes" -> "bytea";
          default -> null;
        };
    if (name == null) {
      return Optional.empty();
    }
    return Optional.of(new PostgresType(name, numbers));
  }

  /**
   * The type written at {@code tokens[start]} in a column definition or after {@code TYPE}; empty
   * when there is none, or it is an array or has arguments this class cannot read.
   */
  static Optional<PostgresType> parse(List<Token> tokens, int start) {
    List<String> words = new ArrayList<>();
    List<Integer> arguments = new ArrayList<>();
    int i = start;
    while (i < tokens.size()) {
      Token token = tokens.get(i);
      if (token.is("(")) {
        int close = i + 1;
        while (close < tokens.size() && !tokens.get(close).is(")")) {
          String word = tokens.get(close).word();
          if (!word.equals(",")) {
            if (!word.chars().allMatch(Character::isDigit) || word.isEmpty()) {
              return Optional.empty();
            }
            arguments.add(Integer.parseInt(word));
          }
          close++;
        }
        i = close + 1;
        continue;
      }
      if (token.is("[")) {
        return Optional.empty(); // an array
      }
      if (!token.isName() || token.is(NonTransactionalStatement.QUOTED)) {
        break; // a literal, punctuation, or a quoted name this class does not resolve
      }
      if (AFTER_TYPE.contains(token.word()) || (!words.isEmpty() && !continuesType(words, token))) {
        break;
      }
      words.add(token.word());
      i++;
    }
    if (words.isEmpty()) {
      return Optional.empty();
    }
    String written = String.join(" ", words);
    String name =
        switch (written) {
          case "INT", "INTEGER", "INT4" -> "integer";
          case "BIGINT", "INT8" -> "bigint";
          case "SMALLINT", "INT2" -> "smallint";
          case "BOOLEAN", "BOOL" -> "boolean";
          case "VARCHAR", "CHARACTER VARYING" -> "varchar";
          case "NUMERIC", "DECIMAL" -> "numeric";
          case "REAL", "FLOAT4" -> "real";
          case "DOUBLE PRECISION", "FLOAT8" -> "double precision";
          case "TIMESTAMP", "TIMESTAMP WITHOUT TIME ZONE" -> "timestamp";
          case "TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE" -> "timestamptz";
          case "TIME", "TIME WITHOUT TIME ZONE" -> "time";
          default -> written.toLowerCase(Locale.ROOT);
        };
    if (name.equals("timestamp") || name.equals("timestamptz") || name.equals("time")) {
      arguments.clear(); // a precision does not change the storage
    }
    return Optional.of(new PostgresType(name, arguments));
  }

  /** Whether {@code token} goes on a multi-word type name begun with {@code words}. */
  private static boolean continuesType(List<String> words, Token token) {
    String last = words.get(words.size() - 1);
    return switch (token.word()) {
      case "VARYING" -> last.equals("CHARACTER");
      case "PRECISION" -> last.equals("DOUBLE");
      case "WITH", "WITHOUT" -> last.equals("TIMESTAMP") || last.equals("TIME");
      case "TIME" -> last.equals("WITH") || last.equals("WITHOUT");
      case "ZONE" -> last.equals("TIME") && words.size() > 1;
      default -> false;
    };
  }
}
