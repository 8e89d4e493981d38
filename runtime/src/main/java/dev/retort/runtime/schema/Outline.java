package dev.retort.runtime.schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A schema as a tree of normalised facts, each a label (what it is: {@code table workout}, {@code
 * column started_at}, {@code not null}) with an optional value ({@code timestamp with time zone}).
 * Both the snapshot text and the diff are made from it, so a snapshot file reads back into exactly
 * what was written, and a difference is named by the path of labels that leads to it.
 */
final class Outline {
  /** One fact; labels are unique among siblings. */
  record Node(String label, String value, List<Node> children) {
    Node {
      children = List.copyOf(children);
    }

    static Node leaf(String label, String value) {
      return new Node(label, value, List.of());
    }

    String line() {
      return value == null ? label : label + ": " + value;
    }
  }

  private final List<Node> roots;

  private Outline(List<Node> roots) {
    this.roots = List.copyOf(roots);
  }

  List<Node> roots() {
    return roots;
  }

  // ---- From a schema

  static Outline of(Schema schema) {
    List<Node> roots = new ArrayList<>();
    for (Schema.EnumType type : schema.enumTypes()) {
      roots.add(
          Node.leaf(
              "enum " + SqlText.name(type.name()),
              type.values().stream()
                  .map(v -> "'" + v.replace("'", "''") + "'")
                  .collect(Collectors.joining(", ", "(", ")"))));
    }
    for (Schema.Sequence sequence : schema.sequences()) {
      roots.add(
          Node.leaf(
              "sequence " + SqlText.name(sequence.name()),
              "start " + sequence.start() + " increment " + sequence.increment()));
    }
    for (Schema.Table table : schema.tables()) {
      roots.add(table(table, schema));
    }
    for (Schema.View view : schema.views()) {
      roots.add(Node.leaf("view " + SqlText.name(view.name()), SqlText.normalize(view.definition())));
    }
    return new Outline(roots);
  }

  private static Node table(Schema.Table table, Schema schema) {
    List<Node> children = new ArrayList<>();
    for (Schema.Column column : table.columns()) {
      List<Node> facts = new ArrayList<>();
      if (!column.nullable()) {
        facts.add(Node.leaf("not null", null));
      }
      if (column.generated() != null) {
        facts.add(Node.leaf("generated", SqlText.normalize(column.generated())));
      } else {
        String value = SqlText.normalizeDefault(column.defaultValue());
        if (value != null) {
          facts.add(Node.leaf("default", value));
        }
      }
      if (column.identity() != null) {
        facts.add(Node.leaf("identity", column.identity()));
      }
      if (column.collation() != null) {
        facts.add(Node.leaf("collate", column.collation().toLowerCase(java.util.Locale.ROOT)));
      }
      children.add(
          new Node("column " + SqlText.name(column.name()), column.normalizedType(), facts));
    }
    if (table.primaryKey() != null) {
      Schema.PrimaryKey key = table.primaryKey();
      children.add(
          Node.leaf(
              "primary key",
              (key.name() == null ? "" : SqlText.name(key.name()) + " ") + names(key.columns())));
    }
    for (Schema.Unique unique : table.uniques()) {
      children.add(
          unique.name() == null
              ? Node.leaf("unique " + names(unique.columns()), null)
              : Node.leaf("unique " + SqlText.name(unique.name()), names(unique.columns())));
    }
    for (Schema.ForeignKey key : table.foreignKeys()) {
      String target =
          "references "
              + SqlText.name(key.referencedTable())
              + " "
              + names(key.referencedColumns())
              + action(" on delete ", key.onDelete())
              + action(" on update ", key.onUpdate());
      children.add(
          key.name() == null
              ? Node.leaf("foreign key " + names(key.columns()), target)
              : Node.leaf(
                  "foreign key " + SqlText.name(key.name()), names(key.columns()) + " " + target));
    }
    for (Schema.Check check : table.checks()) {
      String expression = SqlText.normalize(check.expression());
      children.add(
          check.name() == null
              ? Node.leaf("check (" + expression + ")", null)
              : Node.leaf("check " + SqlText.name(check.name()), expression));
    }
    for (Schema.Index index : table.indexes()) {
      children.add(
          Node.leaf(
              "index " + SqlText.name(index.name()),
              (index.unique() ? "unique " : "")
                  + index.keys().stream()
                      .map(SqlText::normalize)
                      .collect(Collectors.joining(", ", "(", ")"))
                  + (index.where() == null ? "" : " where " + SqlText.normalize(index.where()))));
    }
    for (Schema.Trigger trigger : schema.triggers()) {
      if (trigger.table().equals(table.name())) {
        children.add(
            Node.leaf(
                "trigger " + SqlText.name(trigger.name()), SqlText.normalize(trigger.definition())));
      }
    }
    return new Node("table " + SqlText.name(table.name()), null, children);
  }

  private static String names(List<String> names) {
    return names.stream().map(SqlText::name).collect(Collectors.joining(", ", "(", ")"));
  }

  private static String action(String prefix, String action) {
    return action.equalsIgnoreCase("NO ACTION")
        ? ""
        : prefix + action.toLowerCase(java.util.Locale.ROOT);
  }

  // ---- Text: one fact a line, two spaces of indent a level

  String render() {
    StringBuilder text = new StringBuilder();
    for (Node root : roots) {
      render(root, 0, text);
    }
    return text.toString();
  }

  private static void render(Node node, int depth, StringBuilder text) {
    text.append("  ".repeat(depth)).append(node.line()).append('\n');
    for (Node child : node.children()) {
      render(child, depth + 1, text);
    }
  }

  /**
   * Reads text {@link #render()} wrote. Lines starting with {@code #} and blank lines are comments.
   *
   * @throws IllegalArgumentException naming the line that is not in the format
   */
  static Outline parse(String text) {
    List<Node> roots = new ArrayList<>();
    // Each open level's label, value and children, innermost last.
    List<String[]> open = new ArrayList<>();
    List<List<Node>> kids = new ArrayList<>();
    kids.add(roots);
    String[] lines = text.split("\r?\n");
    for (int number = 0; number < lines.length; number++) {
      String line = lines[number];
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      int depth = indent / 2;
      if (indent % 2 != 0 || depth > open.size()) {
        throw new IllegalArgumentException(
            "line " + (number + 1) + " is indented by " + indent + " spaces: " + line.strip());
      }
      while (open.size() > depth) {
        close(open, kids);
      }
      String fact = line.substring(indent);
      int colon = separator(fact);
      open.add(
          colon < 0
              ? new String[] {fact, null}
              : new String[] {fact.substring(0, colon), fact.substring(colon + 2)});
      kids.add(new ArrayList<>());
    }
    while (!open.isEmpty()) {
      close(open, kids);
    }
    return new Outline(roots);
  }

  private static void close(List<String[]> open, List<List<Node>> kids) {
    String[] fact = open.remove(open.size() - 1);
    List<Node> children = kids.remove(kids.size() - 1);
    kids.get(kids.size() - 1).add(new Node(fact[0], fact[1], children));
  }

  /** The first {@code ": "} outside double quotes and parentheses: where the label ends. */
  private static int separator(String fact) {
    boolean quoted = false;
    int depth = 0;
    for (int i = 0; i + 1 < fact.length(); i++) {
      char c = fact.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')') {
        depth--;
      } else if (!quoted && depth == 0 && c == ':' && fact.charAt(i + 1) == ' ') {
        return i;
      }
    }
    return -1;
  }

  // ---- Differences

  /**
   * One line per difference between {@code expected} and {@code actual}, in the order of {@code
   * expected}'s facts, then the facts only {@code actual} has.
   */
  static List<String> diff(Outline expected, Outline actual, String expectedName, String actualName) {
    List<String> lines = new ArrayList<>();
    diff("", expected.roots, actual.roots, expectedName, actualName, lines);
    return lines;
  }

  private static void diff(
      String path,
      List<Node> expected,
      List<Node> actual,
      String expectedName,
      String actualName,
      List<String> lines) {
    Map<String, Node> theirs = index(actual);
    Map<String, Node> ours = index(expected);
    for (Node node : expected) {
      Node other = theirs.get(node.label());
      String here = path + node.label();
      if (other == null) {
        lines.add(here + ": only in " + expectedName + describe(node));
        continue;
      }
      if (!java.util.Objects.equals(node.value(), other.value())) {
        lines.add(here + ": " + show(node.value()) + " ≠ " + show(other.value()));
      }
      diff(here + ": ", node.children(), other.children(), expectedName, actualName, lines);
    }
    for (Node node : actual) {
      if (!ours.containsKey(node.label())) {
        lines.add(path + node.label() + ": only in " + actualName + describe(node));
      }
    }
  }

  private static String describe(Node node) {
    return node.value() == null || node.label().startsWith("table ") ? "" : " (" + node.value() + ")";
  }

  private static String show(String value) {
    return value == null ? "(none)" : value;
  }

  private static Map<String, Node> index(List<Node> nodes) {
    Map<String, Node> map = new LinkedHashMap<>();
    nodes.forEach(n -> map.put(n.label(), n));
    return map;
  }
}
