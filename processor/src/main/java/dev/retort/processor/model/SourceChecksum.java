package dev.retort.processor.model;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * The checksum of a revision: the SHA-256, as 64 lowercase hex digits, of its class body after
 * normalisation, so that a database can tell whether a revision it ran was edited since.
 *
 * <p>The body runs from the {@code '{'} that opens the class to its closing {@code '}'}: the
 * {@code @Revision} annotation, the imports and the class header are outside it, nested classes
 * inside. Normalisation drops what does not change what the code does: {@code //} and {@code /*}
 * comments, line endings, indentation, and every space that is not between two identifier
 * characters ({@code int x} keeps its space, {@code a + b} becomes {@code a+b}). String and char
 * literals stay verbatim, SQL comments such as {@code --} in them included. A text block becomes
 * its content with incidental indentation stripped, as the compiler strips it, so that re-indenting
 * the code around one does not change the checksum while any change to its value does.
 *
 * <p>Known blind spot, accepted for a rule that is easy to state: dropping the spaces around
 * operators maps {@code a - --b} and {@code a-- - b} to the same text.
 */
public final class SourceChecksum {
  private SourceChecksum() {}

  /**
   * The checksum of {@code type}'s class body, or empty when the source cannot be read: no tree API
   * ({@code trees} null), a class compiled from a class file, or no end positions.
   */
  public static Optional<String> of(Trees trees, TypeElement type) {
    if (trees == null) {
      return Optional.empty();
    }
    TreePath path = trees.getPath(type);
    if (path == null || !(path.getLeaf() instanceof ClassTree tree)) {
      return Optional.empty();
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    SourcePositions positions = trees.getSourcePositions();
    // The body's '{' comes after the last part of the header; annotations, which are part of the
    // modifiers, can contain '{' themselves (down = {"77b0"}), so the search starts after them.
    List<Tree> header = new ArrayList<>();
    header.add(tree.getModifiers());
    header.addAll(tree.getTypeParameters());
    if (tree.getExtendsClause() != null) {
      header.add(tree.getExtendsClause());
    }
    header.addAll(tree.getImplementsClause());
    header.addAll(tree.getPermitsClause());
    long headerEnd = positions.getStartPosition(unit, tree);
    for (Tree part : header) {
      headerEnd = Math.max(headerEnd, positions.getEndPosition(unit, part));
    }
    long end = positions.getEndPosition(unit, tree);
    if (headerEnd == Diagnostic.NOPOS || end == Diagnostic.NOPOS) {
      return Optional.empty();
    }
    CharSequence source;
    try {
      source = unit.getSourceFile().getCharContent(true);
    } catch (IOException | UncheckedIOException | UnsupportedOperationException e) {
      return Optional.empty(); // a file object without readable content: no checksum, no failure
    }
    return classBody(source, (int) headerEnd, (int) end).map(SourceChecksum::of);
  }

  /** The checksum of {@code classBody}: SHA-256 of its {@link #normalize normalised} text. */
  public static String of(CharSequence classBody) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      byte[] digest = sha256.digest(normalize(classBody).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /**
   * The class body in {@code source}: from the first {@code '{'} at or after {@code headerEnd}
   * (outside comments) up to {@code end}, the class's end position, which must follow its closing
   * {@code '}'}. Empty when the positions do not describe such a body.
   */
  static Optional<CharSequence> classBody(CharSequence source, int headerEnd, int end) {
    if (headerEnd < 0 || end > source.length() || headerEnd >= end) {
      return Optional.empty();
    }
    int i = headerEnd;
    while (i < end && source.charAt(i) != '{') {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < end && source.charAt(i + 1) == '/') {
        i = lineCommentEnd(source, i);
      } else if (c == '/' && i + 1 < end && source.charAt(i + 1) == '*') {
        i = blockCommentEnd(source, i);
      } else if (c == '"' || c == '\'') {
        i = quotedEnd(source, i, c); // only a record header has these here
      } else {
        i++;
      }
    }
    if (i >= end || source.charAt(end - 1) != '}') {
      return Optional.empty();
    }
    return Optional.of(source.subSequence(i, end));
  }

  /**
   * {@code source} without comments, with text blocks reduced to their content as the compiler sees
   * it, and with a single space kept only where whitespace separates two identifier characters.
   * String and char literals are kept as written.
   */
  static String normalize(CharSequence source) {
    StringBuilder out = new StringBuilder(source.length());
    boolean pendingSpace = false;
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      char next = i + 1 < n ? source.charAt(i + 1) : '\0';
      if (c == '/' && next == '/') {
        i = lineCommentEnd(source, i);
        pendingSpace = true; // a comment separates tokens as whitespace does: int/**/x is int x
      } else if (c == '/' && next == '*') {
        i = blockCommentEnd(source, i);
        pendingSpace = true;
      } else if (isWhitespace(c)) {
        i++;
        pendingSpace = true;
      } else if (c == '"' && startsWith(source, i, "\"\"\"")) {
        int close = textBlockEnd(source, i);
        out.append(textBlock(source.subSequence(i + 3, close)));
        i = Math.min(n, close + 3);
        pendingSpace = false; // a literal starts and ends with a quote, never an identifier
      } else if (c == '"' || c == '\'') {
        int close = quotedEnd(source, i, c);
        out.append(source, i, close);
        i = close;
        pendingSpace = false;
      } else {
        if (pendingSpace
            && out.length() > 0
            && Character.isJavaIdentifierPart(out.charAt(out.length() - 1))
            && Character.isJavaIdentifierPart(c)) {
          out.append(' ');
        }
        out.append(c);
        pendingSpace = false;
        i++;
      }
    }
    return out.toString();
  }

  /**
   * A text block by its content: line endings as {@code \n} and incidental indentation stripped,
   * which is what the compiler does before it translates escapes (JLS 3.10.6), so that the value
   * decides and the indentation of the code around it does not. Escapes stay as written.
   */
  private static String textBlock(CharSequence afterOpening) {
    String raw = afterOpening.toString().replace("\r\n", "\n").replace('\r', '\n');
    int lineEnd = raw.indexOf('\n');
    // The opening delimiter is followed by optional whitespace and a line ending, not content.
    String content = lineEnd < 0 ? raw : raw.substring(lineEnd + 1);
    return "\"\"\"\n" + content.stripIndent() + "\"\"\"";
  }

  /** The index after a {@code //} comment: its line ending, which counts as whitespace. */
  private static int lineCommentEnd(CharSequence source, int start) {
    int i = start + 2;
    while (i < source.length() && source.charAt(i) != '\n' && source.charAt(i) != '\r') {
      i++;
    }
    return i;
  }

  /** The index after the {@code * /} that closes the comment at {@code start}, or the end. */
  private static int blockCommentEnd(CharSequence source, int start) {
    for (int i = start + 2; i + 1 < source.length(); i++) {
      if (source.charAt(i) == '*' && source.charAt(i + 1) == '/') {
        return i + 2;
      }
    }
    return source.length();
  }

  /**
   * The index after the quote that closes the string or char literal opened at {@code start}, or
   * the line's end for an unterminated one.
   */
  private static int quotedEnd(CharSequence source, int start, char quote) {
    int i = start + 1;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n' || c == '\r') {
        return i;
      } else {
        i++;
      }
    }
    return source.length();
  }

  /** The index of the {@code """} that closes the text block opened at {@code start}. */
  private static int textBlockEnd(CharSequence source, int start) {
    int i = start + 3;
    while (i < source.length()) {
      if (source.charAt(i) == '\\') {
        i += 2;
      } else if (startsWith(source, i, "\"\"\"")) {
        return i;
      } else {
        i++;
      }
    }
    return source.length();
  }

  private static boolean startsWith(CharSequence source, int at, String prefix) {
    if (at + prefix.length() > source.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (source.charAt(at + i) != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Java's white space (JLS 3.6): space, tab, form feed and line terminators. */
  private static boolean isWhitespace(char c) {
    return c == ' ' || c == '\t' || c == '\f' || c == '\n' || c == '\r';
  }
}
