package dev.retort.commands.internal.autogen;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java expression the generator writes, kept as a tree so that it can be laid out like
 * hand-written code (google-java-format's way): on one line when it fits in 100 columns, else the
 * arguments on the next line, else one argument a line, and a chain of calls one call a line.
 * JavaPoet's own {@code $W} breaks anywhere, which reads worse.
 */
sealed interface Expr {
  int WIDTH = 100;

  /** Text that is never broken: a name, a literal, a short type. */
  record Leaf(CodeBlock code) implements Expr {}

  /** {@code name(arg, arg)}; {@code name} may hold {@code $T} types. */
  record Call(CodeBlock name, List<Expr> args) implements Expr {}

  /** {@code receiver.call().call()}: the links are {@link Call}s written after a dot. */
  record Chain(Expr receiver, List<Call> links) implements Expr {}

  static Expr leaf(String format, Object... args) {
    return new Leaf(CodeBlock.of(format, args));
  }

  static Call call(String format, List<Expr> args, Object... formatArgs) {
    return new Call(CodeBlock.of(format, formatArgs), List.copyOf(args));
  }

  static Call call(String name, Expr... args) {
    return new Call(CodeBlock.of("$L", name), List.of(args));
  }

  /** String literals, for varargs of names. */
  static List<Expr> strings(List<String> values) {
    return values.stream().map(v -> leaf("$S", v)).toList();
  }

  static Expr chain(Expr receiver, List<Call> links) {
    return links.isEmpty() ? receiver : new Chain(receiver, List.copyOf(links));
  }

  /**
   * {@code expr;} as a statement whose lines JavaPoet indents by {@code base} columns (4 in a
   * method body, 6 inside a batch's lambda), laid out to fit.
   */
  static CodeBlock statement(int base, Expr expr) {
    CodeBlock.Builder out = CodeBlock.builder();
    write(expr, base, 0, base, 1, out);
    return out.add(";\n").build();
  }

  /**
   * {@code .call(...)}, one link of a chain the caller breaks one link a line, starting {@code
   * rel} columns in from {@code base}.
   */
  static CodeBlock link(int base, int rel, Call call, int trailing) {
    CodeBlock.Builder out = CodeBlock.builder().add(".");
    write(call, base, rel, base + rel + 1, trailing, out);
    return out.build();
  }

  /** The expression's width on one line, as it reads with its types imported. */
  static int width(Expr expr) {
    return flat(expr).length();
  }

  private static String flat(Expr expr) {
    if (expr instanceof Leaf leaf) {
      return simple(leaf.code());
    }
    if (expr instanceof Call call) {
      return simple(call.name())
          + "("
          + String.join(", ", call.args().stream().map(Expr::flat).toList())
          + ")";
    }
    Chain chain = (Chain) expr;
    return flat(chain.receiver())
        + String.join("", chain.links().stream().map(l -> "." + flat(l)).toList());
  }

  /** The code as it reads with its types imported: simple names. */
  private static String simple(CodeBlock code) {
    return code.toString().replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+([A-Z])", "$1");
  }

  /**
   * Writes {@code expr} from {@code column} on a line that starts {@code rel} columns in from
   * JavaPoet's indentation {@code base}; {@code trailing} characters (a parenthesis, a semicolon)
   * follow it on its last line.
   */
  private static void write(
      Expr expr, int base, int rel, int column, int trailing, CodeBlock.Builder out) {
    if (column + width(expr) + trailing <= WIDTH || expr instanceof Leaf) {
      out.add(flatCode(expr));
      return;
    }
    int inner = rel + 4;
    String pad = " ".repeat(inner);
    if (expr instanceof Chain chain) {
      write(chain.receiver(), base, rel, column, 0, out);
      for (int i = 0; i < chain.links().size(); i++) {
        out.add("\n$L.", pad);
        boolean last = i == chain.links().size() - 1;
        write(chain.links().get(i), base, inner, base + inner + 1, last ? trailing : 0, out);
      }
      return;
    }
    Call call = (Call) expr;
    out.add(call.name()).add("(");
    int together =
        base + inner + call.args().stream().mapToInt(Expr::width).sum()
            + 2 * (call.args().size() - 1);
    if (together + 1 + trailing <= WIDTH) {
      out.add("\n$L", pad);
      for (int i = 0; i < call.args().size(); i++) {
        out.add(i == 0 ? "" : ", ").add(flatCode(call.args().get(i)));
      }
      out.add(")");
      return;
    }
    for (int i = 0; i < call.args().size(); i++) {
      out.add(i == 0 ? "\n$L" : ",\n$L", pad);
      boolean last = i == call.args().size() - 1;
      write(call.args().get(i), base, inner, base + inner, last ? trailing + 1 : 1, out);
    }
    out.add(")");
  }

  private static CodeBlock flatCode(Expr expr) {
    if (expr instanceof Leaf leaf) {
      return leaf.code();
    }
    if (expr instanceof Call call) {
      CodeBlock.Builder code = CodeBlock.builder().add(call.name()).add("(");
      for (int i = 0; i < call.args().size(); i++) {
        code.add(i == 0 ? "" : ", ").add(flatCode(call.args().get(i)));
      }
      return code.add(")").build();
    }
    Chain chain = (Chain) expr;
    CodeBlock.Builder code = CodeBlock.builder().add(flatCode(chain.receiver()));
    chain.links().forEach(l -> code.add(".").add(flatCode(l)));
    return code.build();
  }
}
