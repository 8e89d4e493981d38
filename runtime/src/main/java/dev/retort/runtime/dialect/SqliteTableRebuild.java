package dev.retort.runtime.dialect;

import dev.retort.runtime.RetortException;
import dev.retort.runtime.dialect.SqliteSql.Kind;
import dev.retort.runtime.dialect.SqliteSql.Token;
import dev.retort.runtime.dialect.SqliteTableDefinition.ColumnConstraint;
import dev.retort.runtime.dialect.SqliteTableDefinition.ColumnDefinition;
import dev.retort.runtime.dialect.SqliteTableDefinition.TableConstraint;
import dev.retort.runtime.internal.StatementFailedException;
import dev.retort.runtime.ops.Column;
import dev.retort.runtime.ops.ColumnChange;
import dev.retort.runtime.ops.ColumnPosition;
import dev.retort.runtime.ops.ColumnType;
import dev.retort.runtime.ops.ForeignKey;
import dev.retort.runtime.ops.Operation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A SQLite batch: SQLite's generalized ALTER TABLE procedure
 * (https://sqlite.org/lang_altertable.html#otheralter), run inside the revision's transaction.
 *
 * <ol>
 *   <li>Foreign keys must be off, and only a statement outside a transaction can switch them: when
 *       they are on, {@link ForeignKeysEnabledException} asks the runner to roll back and run the
 *       revision again with them off (steps 1 and 12).
 *   <li>The table's CREATE TABLE text is parsed ({@link SqliteTableDefinition}) and the batch's
 *       changes applied to it; every change is checked before the first statement that changes
 *       anything, so a mistake is reported against an untouched database.
 *   <li>Views and triggers are set aside and dropped, the new table is created under a temporary
 *       name, the rows are copied by one INSERT ... SELECT (no row ever enters the JVM), the old
 *       table is dropped and the new one renamed; then the table's indexes, the views and the
 *       triggers are created again from their original text.
 *   <li>Column renames run last and natively, so that SQLite rewrites the indexes, triggers and
 *       views that mention them; then {@code foreign_key_check} must find nothing.
 * </ol>
 *
 * A failure anywhere throws, and the runner rolls the whole revision back, temporary table
 * included.
 */
final class SqliteTableRebuild {
  /** The prefix of the temporary table; a leftover one would mean a broken transaction. */
  static final String TEMPORARY_PREFIX = "_retort_new_";

  /** How many foreign-key violations a failure message lists. */
  private static final int VIOLATIONS_SHOWN = 5;

  private final SqliteDialect dialect;
  private final SqlRunner runner;

  SqliteTableRebuild(SqliteDialect dialect, SqlRunner runner) {
    this.dialect = dialect;
    this.runner = runner;
  }

  // ---- The statements, all of them here (STYLE 2.1: a dialect's SQL lives in its package).

  static final String FOREIGN_KEYS = "PRAGMA foreign_keys";

  /** The table's own name, as stored; one parameter, the name (SQLite names ignore case). */
  static final String TABLE_NAME =
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE";

  /** The table's CREATE TABLE; one parameter, the stored name. */
  static final String TABLE_SQL = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?";

  /** The table's explicit indexes; auto-indexes (sql IS NULL) come back with the constraints. */
  static final String INDEX_SQL =
      "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
          + " ORDER BY rowid";

  static final String INDEX_NAMES =
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL"
          + " ORDER BY rowid";

  static String schemaNames(String type) {
    return "SELECT name FROM sqlite_master WHERE type = '" + type + "' ORDER BY rowid";
  }

  static String schemaSql(String type) {
    return "SELECT sql FROM sqlite_master WHERE type = '" + type + "' ORDER BY rowid";
  }

  static final String HAS_SEQUENCE_TABLE =
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'";

  static final String SEQUENCE = "SELECT seq FROM sqlite_sequence WHERE name = ?";

  /**
   * AUTOINCREMENT's counter, put back: the copy alone would lower it to the largest rowid left, and
   * ids of deleted rows would be handed out again.
   */
  String deleteSequence(String table) {
    return "DELETE FROM sqlite_sequence WHERE name = " + dialect.literal(table);
  }

  String insertSequence(String table, String seq) {
    return "INSERT INTO sqlite_sequence (name, seq) VALUES ("
        + dialect.literal(table)
        + ", "
        + Long.parseLong(seq)
        + ")";
  }

  /** The first violations, one line each, across the database (step 10 of the procedure). */
  static final String FOREIGN_KEY_VIOLATIONS =
      "SELECT \"table\" || ' row ' || coalesce(rowid, '(without rowid)') || ' has no row in '"
          + " || parent || ' (foreign key #' || fkid || ')' FROM pragma_foreign_key_check LIMIT "
          + VIOLATIONS_SHOWN;

  String dropTrigger(String name) {
    return "DROP TRIGGER IF EXISTS " + dialect.quote(name);
  }

  String dropView(String name) {
    return "DROP VIEW IF EXISTS " + dialect.quote(name);
  }

  String dropTable(String name) {
    return "DROP TABLE " + dialect.quote(name);
  }

  /** Copies {@code columns}, each value as its {@code selects} expression (null: as it is). */
  String copyRows(String from, String to, List<String> columns, List<String> selects) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      values.add(selects.get(i) == null ? dialect.quote(columns.get(i)) : selects.get(i));
    }
    return "INSERT INTO "
        + dialect.quote(to)
        + " ("
        + dialect.quoteAll(columns)
        + ") SELECT "
        + String.join(", ", values)
        + " FROM "
        + dialect.quote(from);
  }

  /** {@code CAST(column AS type)}. */
  String cast(String column, String type) {
    return "CAST(" + dialect.quote(column) + " AS " + type + ")";
  }

  /**
   * Up to five values of {@code column} that {@code CAST(column AS type)} would change, each as
   * {@code 'abc' -> 0}. The comparison applies SQLite's own affinity rules, so {@code '42'} and
   * {@code 42} count as the same value.
   */
  String valuesChangedByCast(String table, String column, String type) {
    String cast = cast(column, type);
    return "SELECT DISTINCT quote("
        + dialect.quote(column)
        + ") || ' -> ' || quote("
        + cast
        + ") FROM "
        + dialect.quote(table)
        + " WHERE "
        + dialect.quote(column)
        + " IS NOT NULL AND "
        + cast
        + " IS NOT "
        + dialect.quote(column)
        + " LIMIT "
        + VIOLATIONS_SHOWN;
  }

  /**
   * A declared type's affinity, by SQLite's rules (https://sqlite.org/datatype3.html, 3.1), in
   * their order.
   */
  static String affinity(String declared) {
    String type = declared.toUpperCase(Locale.ROOT);
    if (type.contains("INT")) {
      return "INTEGER";
    }
    if (type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT")) {
      return "TEXT";
    }
    if (type.contains("BLOB") || type.isBlank()) {
      return "BLOB";
    }
    if (type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB")) {
      return "REAL";
    }
    return "NUMERIC";
  }

  // ---- The procedure.

  void rebuild(String requestedTable, List<Operation> changes) {
    rebuild(requestedTable, plan -> changes.forEach(plan::apply));
  }

  /** The columns, by table, whose enum CHECK stands for type {@code typeName}. */
  private record EnumUse(String table, String column, List<String> values) {}

  /**
   * Changes the values of enum type {@code typeName} on every column that uses it (a CHECK
   * constraint of that name, as {@link SqliteDialect} writes one), rebuilding each table. {@code
   * change} maps a column's values to its new ones; a removed value still held by a row fails
   * before anything changes.
   */
  void evolveEnum(String typeName, UnaryOperator<List<String>> change) {
    List<EnumUse> uses = new ArrayList<>();
    for (String table : runner.query(schemaNames("table"))) {
      if (table.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
        continue;
      }
      SqliteTableDefinition definition;
      try {
        definition = SqliteTableDefinition.parse(first(runner.query(TABLE_SQL, table)));
      } catch (IllegalArgumentException e) {
        continue; // a virtual table's arguments, say: no enum CHECK there
      }
      for (ColumnDefinition column : definition.columns()) {
        ColumnConstraint check = column.enumCheck();
        if (check != null && check.name().equalsIgnoreCase(typeName)) {
          uses.add(new EnumUse(table, column.name, column.enumValues(check)));
        }
      }
    }
    if (uses.isEmpty()) {
      throw new RetortException(
          "cannot change enum type "
              + typeName
              + ": no column uses it (SQLite keeps an enum as a CHECK constraint named after the"
              + " type on each column of that type, and no table has one named "
              + typeName
              + "); check the name");
    }
    java.util.Set<String> changed = new java.util.LinkedHashSet<>();
    for (EnumUse use : uses) {
      List<String> next = change.apply(use.values());
      List<String> removed = new ArrayList<>(use.values());
      removed.removeAll(next);
      if (!removed.isEmpty()) {
        List<String> used = runner.query(valuesInUse(use, removed.size()), removed.toArray());
        if (!used.isEmpty()) {
          throw EnumEvolution.valueInUse(typeName, used, use.table(), use.column());
        }
      }
      if (!next.equals(use.values())) {
        changed.add(use.table());
      }
    }
    for (String table : changed) {
      rebuild(table, plan -> plan.replaceEnum(typeName, change));
    }
  }

  private String valuesInUse(EnumUse use, int count) {
    String column = dialect.quote(use.column());
    return "SELECT DISTINCT "
        + column
        + " FROM "
        + dialect.quote(use.table())
        + " WHERE "
        + column
        + " IN ("
        + String.join(", ", java.util.Collections.nCopies(count, "?"))
        + ") ORDER BY 1";
  }

  private void rebuild(String requestedTable, Consumer<Plan> changes) {
    if ("1".equals(first(runner.query(FOREIGN_KEYS)))) {
      throw new ForeignKeysEnabledException(requestedTable);
    }
    String table = first(runner.query(TABLE_NAME, requestedTable));
    if (table == null) {
      throw new RetortException(
          "cannot alter table "
              + requestedTable
              + " in a batch: it does not exist; create it first, or check the name");
    }
    SqliteTableDefinition definition =
        SqliteTableDefinition.parse(first(runner.query(TABLE_SQL, table)));
    List<String> indexNames = runner.query(INDEX_NAMES, table);
    List<String> indexSql = runner.query(INDEX_SQL, table);

    Plan plan = new Plan(table, definition, indexNames, indexSql);
    changes.accept(plan);
    List<String> copied = plan.copiedColumns();
    List<String> selects = plan.copySelects();
    if (copied.isEmpty()) {
      throw new RetortException(
          "a batch on "
              + table
              + " would keep none of its columns, so its rows could not be copied; keep at least"
              + " one column, or drop and create the table instead");
    }

    // Everything is valid: from here on, statements change the schema.
    List<String> triggerNames = runner.query(schemaNames("trigger"));
    List<String> triggerSql = runner.query(schemaSql("trigger"));
    List<String> viewNames = runner.query(schemaNames("view"));
    List<String> viewSql = runner.query(schemaSql("view"));
    String sequence = null;
    if ("1".equals(first(runner.query(HAS_SEQUENCE_TABLE)))) {
      sequence = first(runner.query(SEQUENCE, table));
    }
    // Every view and trigger, not only the table's: ALTER TABLE ... RENAME TO checks the whole
    // schema, and fails on any view or trigger that names the table while it is missing.
    for (String trigger : triggerNames) {
      runner.execute(dropTrigger(trigger));
    }
    for (int i = viewNames.size() - 1; i >= 0; i--) {
      runner.execute(dropView(viewNames.get(i)));
    }
    String temporary = TEMPORARY_PREFIX + table;
    runner.execute(definition.createSql(dialect.quote(temporary)));
    copy(table, temporary, copied, selects, plan);
    runner.execute(dropTable(table));
    runner.execute(dialect.renameTable(temporary, table));
    for (String index : indexSql) {
      runner.execute(index);
    }
    for (String view : viewSql) {
      runner.execute(view);
    }
    for (String trigger : triggerSql) {
      runner.execute(trigger);
    }
    for (Map.Entry<String, String> rename : plan.renames().entrySet()) {
      runner.execute(dialect.renameColumn(table, rename.getKey(), rename.getValue()));
    }
    if (sequence != null) {
      runner.execute(deleteSequence(table));
      runner.execute(insertSequence(table, sequence));
    }
    List<String> violations = runner.query(FOREIGN_KEY_VIOLATIONS);
    if (!violations.isEmpty()) {
      throw new RetortException(
          "the batch on "
              + table
              + " leaves rows whose foreign keys point at no row, so it was rolled back:\n    "
              + String.join("\n    ", violations)
              + (violations.size() == VIOLATIONS_SHOWN ? "\n    ..." : "")
              + "\n  fix or delete those rows in an earlier step of the revision, or change the"
              + " foreign key");
    }
  }

  private void copy(
      String table, String temporary, List<String> columns, List<String> selects, Plan plan) {
    String sql = copyRows(table, temporary, columns, selects);
    try {
      runner.execute(sql);
    } catch (StatementFailedException e) {
      String hint = plan.copyHint();
      throw new RetortException(
          "copying the rows of "
              + table
              + " into its new form failed: "
              + e.getCause().getMessage()
              + (hint.isEmpty() ? "" : "\n  " + hint),
          e);
    }
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  /** The batch applied to the parsed definition, every change checked against it. */
  private final class Plan {
    private final String table;
    private final SqliteTableDefinition definition;
    private final List<String> indexNames;
    private final List<String> indexSql;

    /** Each column's name after the batch's renames; the definition keeps the old name. */
    private final Map<ColumnDefinition, String> names = new IdentityHashMap<>();

    /** Columns whose type the batch changes, with their declared type before the batch. */
    private final Map<ColumnDefinition, String> originalTypes = new IdentityHashMap<>();

    /** How the copy converts a column whose type changes; absent: copied as it is. */
    private final Map<ColumnDefinition, String> conversions = new IdentityHashMap<>();

    /** Columns the batch adds: they have no rows to copy. */
    private final Map<ColumnDefinition, Boolean> added = new IdentityHashMap<>();

    /** Columns the batch makes NOT NULL without a default, for the copy's error message. */
    private final List<String> newNotNull = new ArrayList<>();

    private final List<String> madeNotNull = new ArrayList<>();

    Plan(
        String table,
        SqliteTableDefinition definition,
        List<String> indexNames,
        List<String> indexSql) {
      this.table = table;
      this.definition = definition;
      this.indexNames = indexNames;
      this.indexSql = indexSql;
      for (ColumnDefinition column : definition.columns()) {
        names.put(column, column.name);
      }
    }

    void apply(Operation change) {
      if (change instanceof Operation.AddColumn op) {
        addColumn(op.column(), op.position());
      } else if (change instanceof Operation.DropPrimaryKey) {
        dropPrimaryKey();
      } else if (change instanceof Operation.DropForeignKey op) {
        dropForeignKey(op.referencedTable(), op.columns());
      } else if (change instanceof Operation.DropUnique op) {
        dropUnique(op.columns());
      } else if (change instanceof Operation.DropChecksOn op) {
        dropChecksOn(op.column());
      } else if (change instanceof Operation.DropColumn op) {
        dropColumn(op.column());
      } else if (change instanceof Operation.AlterColumn op) {
        alterColumn(op.column(), op.change());
      } else if (change instanceof Operation.AddConstraint op) {
        addConstraint(op.constraint());
      } else if (change instanceof Operation.DropConstraint op) {
        dropConstraint(op.name());
      } else {
        throw new IllegalArgumentException("not a batch operation: " + change);
      }
    }

    private void addColumn(Column column, ColumnPosition position) {
      for (ColumnDefinition existing : definition.columns()) {
        if (existing.name.equalsIgnoreCase(column.name())
            || names.get(existing).equalsIgnoreCase(column.name())) {
          throw new RetortException(
              "cannot add column "
                  + column.name()
                  + " to "
                  + table
                  + " in a batch: the table already has a column of that name");
        }
      }
      ColumnDefinition definition =
          SqliteTableDefinition.column(dialect.columnDefinition(table, column));
      // Column definitions must all come before the table constraints.
      List<ColumnDefinition> columns = this.definition.columns();
      int index = this.definition.parts.indexOf(columns.get(columns.size() - 1)) + 1;
      if (position != null) {
        ColumnDefinition next = column(position.column(), "place a new column next to");
        index = this.definition.parts.indexOf(next) + (position.before() ? 0 : 1);
      }
      this.definition.parts.add(index, definition);
      names.put(definition, column.name());
      added.put(definition, true);
      if (!column.isNullable() && column.serverDefault() == null && !column.isIdentity()) {
        newNotNull.add(column.name());
      }
    }

    private void dropColumn(String name) {
      ColumnDefinition column = column(name, "drop column");
      // Each user of the column, with the call that removes it: every refusal names a way out.
      Map<String, String> users = new LinkedHashMap<>();
      String physical = column.name.toUpperCase(Locale.ROOT);
      for (int i = 0; i < indexSql.size(); i++) {
        if (indexMentions(indexSql.get(i), physical)) {
          users.put(
              "index " + indexNames.get(i),
              "op.dropIndex(\"" + indexNames.get(i) + "\") before the batch");
        }
      }
      for (TableConstraint constraint : definition.constraints()) {
        if (constraintMentions(constraint.text, physical)) {
          users.put(constraint.describe(), remedy(constraint, name));
        }
      }
      for (ColumnDefinition other : definition.columns()) {
        if (other == column) {
          continue;
        }
        for (ColumnConstraint constraint : other.constraints) {
          String remedy = null;
          if (constraint.kind().equals("GENERATED")
              && SqliteSql.names(constraint.text()).contains(physical)) {
            remedy = "batch.dropColumn(\"" + names.get(other) + "\") first";
          } else if (constraint.name() != null
              && (constraint.kind().equals("CHECK") || constraint.kind().equals("REFERENCES"))
              && (SqliteSql.names(constraint.text()).contains(physical))) {
            remedy = "batch.dropConstraint(\"" + constraint.name() + "\")";
          } else if (constraint.kind().equals("CHECK")
              && SqliteSql.names(constraint.text()).contains(physical)) {
            remedy = "batch.dropCheckConstraints(\"" + name + "\")";
          } else if (constraint.kind().equals("REFERENCES")
              && constraintMentions(constraint.text(), physical)) {
            remedy = "batch.dropForeignKey(\"" + table + "\", \"" + names.get(other) + "\")";
          }
          if (remedy != null) {
            users.put(
                (constraint.name() == null
                        ? "constraint " + SqliteTableDefinition.abbreviate(constraint.text())
                        : "constraint " + constraint.name())
                    + " of column "
                    + names.get(other),
                remedy);
          }
        }
      }
      if (!users.isEmpty()) {
        throw new RetortException(
            "cannot drop column "
                + name
                + " of "
                + table
                + ": "
                + String.join(", ", users.keySet())
                + " still use"
                + (users.size() == 1 ? "s" : "")
                + " it; remove "
                + (users.size() == 1 ? "it" : "them")
                + " first: "
                + String.join(", ", new java.util.LinkedHashSet<>(users.values())));
      }
      definition.parts.remove(column);
      names.remove(column);
      added.remove(column);
    }

    /** The call that removes a table constraint, named or not. */
    private String remedy(TableConstraint constraint, String column) {
      if (constraint.name != null) {
        return "batch.dropConstraint(\"" + constraint.name + "\")";
      }
      return switch (constraint.kind) {
        case "PRIMARY" -> "batch.dropPrimaryKey() (then batch.createPrimaryKey(...) for a new key)";
        case "UNIQUE" ->
            "batch.dropUniqueConstraint("
                + arguments(currentNames(keyColumns(constraint.text)))
                + ")";
        case "FOREIGN" ->
            "batch.dropForeignKey(\""
                + referencedTable(constraint.text)
                + "\", "
                + arguments(currentNames(keyColumns(constraint.text)))
                + ")";
        default -> "batch.dropCheckConstraints(\"" + column + "\")";
      };
    }

    /** The batch's names for physical column names. */
    private List<String> currentNames(List<String> physical) {
      List<String> current = new ArrayList<>();
      for (String column : physical) {
        String found = column;
        for (ColumnDefinition definition : definition.columns()) {
          if (definition.name.equalsIgnoreCase(column)) {
            found = names.get(definition);
          }
        }
        current.add(found);
      }
      return current;
    }

    private static String arguments(List<String> values) {
      return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", "));
    }

    /** The columns of a key constraint: the names in its first parenthesized group. */
    private static List<String> keyColumns(String text) {
      for (Token token : SqliteSql.tokens(text)) {
        if (token.kind() == Kind.GROUP) {
          List<String> columns = new ArrayList<>();
          boolean expectName = true;
          for (Token inner : SqliteSql.tokens(token.inner())) {
            if (inner.kind() == Kind.COMMA) {
              expectName = true;
            } else if (expectName && inner.isName()) {
              columns.add(inner.name());
              expectName = false;
            }
          }
          return columns;
        }
      }
      return List.of();
    }

    /** The table a foreign key's text references, or "" when it names none. */
    private static String referencedTable(String text) {
      List<Token> tokens = SqliteSql.tokens(text);
      for (int i = 0; i + 1 < tokens.size(); i++) {
        if (tokens.get(i).is("REFERENCES")) {
          return tokens.get(i + 1).name();
        }
      }
      return "";
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
      java.util.Set<String> left = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      java.util.Set<String> right = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      left.addAll(a);
      right.addAll(b);
      return a.size() == b.size() && left.equals(right);
    }

    /**
     * The primary key: a table constraint, or the column whose definition holds it; null when the
     * table has none.
     */
    private SqliteTableDefinition.Part primaryKey() {
      for (TableConstraint constraint : definition.constraints()) {
        if (constraint.kind.equals("PRIMARY")) {
          return constraint;
        }
      }
      for (ColumnDefinition column : definition.columns()) {
        if (column.has("PRIMARY")) {
          return column;
        }
      }
      return null;
    }

    private void dropPrimaryKey() {
      SqliteTableDefinition.Part key = primaryKey();
      if (key == null) {
        throw new RetortException(
            "cannot drop the primary key of " + table + ": it has none; remove the call");
      }
      if (key instanceof ColumnDefinition column) {
        column.remove("PRIMARY");
      } else {
        definition.parts.remove(key);
      }
    }

    private void dropForeignKey(String referencedTable, List<String> columns) {
      List<String> physical = physical(columns);
      List<String> candidates = new ArrayList<>();
      if (definition.parts.removeIf(
          part ->
              part instanceof TableConstraint c
                  && c.kind.equals("FOREIGN")
                  && referencedTable(c.text).equalsIgnoreCase(referencedTable)
                  && sameColumns(keyColumns(c.text), physical))) {
        return;
      }
      for (ColumnDefinition column : definition.columns()) {
        for (ColumnConstraint constraint : List.copyOf(column.constraints)) {
          if (constraint.kind().equals("REFERENCES")
              && physical.size() == 1
              && column.name.equalsIgnoreCase(physical.get(0))
              && referencedTable(constraint.text()).equalsIgnoreCase(referencedTable)) {
            column.remove(constraint);
            return;
          }
        }
      }
      for (TableConstraint c : definition.constraints()) {
        if (c.kind.equals("FOREIGN")) {
          candidates.add(keyColumns(c.text) + " -> " + referencedTable(c.text));
        }
      }
      for (ColumnDefinition column : definition.columns()) {
        for (ColumnConstraint constraint : column.constraints) {
          if (constraint.kind().equals("REFERENCES")) {
            candidates.add("[" + column.name + "] -> " + referencedTable(constraint.text()));
          }
        }
      }
      throw new RetortException(
          "cannot drop the foreign key of "
              + table
              + " on "
              + columns
              + " referencing "
              + referencedTable
              + ": it has none; its foreign keys are "
              + (candidates.isEmpty() ? "none" : candidates));
    }

    private void dropUnique(List<String> columns) {
      List<String> physical = physical(columns);
      if (definition.parts.removeIf(
          part ->
              part instanceof TableConstraint c
                  && c.kind.equals("UNIQUE")
                  && sameColumns(keyColumns(c.text), physical))) {
        return;
      }
      if (physical.size() == 1) {
        ColumnDefinition column = column(columns.get(0), "drop the UNIQUE constraint on");
        if (column.remove("UNIQUE")) {
          return;
        }
      }
      List<String> candidates = new ArrayList<>();
      for (TableConstraint c : definition.constraints()) {
        if (c.kind.equals("UNIQUE")) {
          candidates.add(keyColumns(c.text).toString());
        }
      }
      for (ColumnDefinition column : definition.columns()) {
        if (column.has("UNIQUE")) {
          candidates.add("[" + column.name + "]");
        }
      }
      throw new RetortException(
          "cannot drop the UNIQUE constraint of "
              + table
              + " on "
              + columns
              + ": it has none; its UNIQUE constraints are on "
              + (candidates.isEmpty() ? "nothing" : String.join(", ", candidates))
              + (indexNames.isEmpty()
                  ? ""
                  : " (a CREATE UNIQUE INDEX is an index: drop it with op.dropIndex)"));
    }

    private void dropChecksOn(String name) {
      String physical = column(name, "drop the CHECK constraints on").name.toUpperCase(Locale.ROOT);
      boolean removed =
          definition.parts.removeIf(
              part ->
                  part instanceof TableConstraint c
                      && c.kind.equals("CHECK")
                      && SqliteSql.names(c.text).contains(physical));
      for (ColumnDefinition column : definition.columns()) {
        for (ColumnConstraint constraint : List.copyOf(column.constraints)) {
          // An enum's CHECK stands for its type, which is no CHECK constraint on PostgreSQL.
          if (constraint.kind().equals("CHECK")
              && constraint != column.enumCheck()
              && (column.name.equalsIgnoreCase(physical)
                  || SqliteSql.names(constraint.text()).contains(physical))) {
            column.remove(constraint);
            removed = true;
          }
        }
      }
      if (!removed) {
        throw new RetortException(
            "cannot drop the CHECK constraints on column "
                + name
                + " of "
                + table
                + ": none names it; remove the call");
      }
    }

    /** True when an index's columns, expressions or WHERE clause name {@code column}. */
    private boolean indexMentions(String sql, String column) {
      List<Token> tokens = SqliteSql.tokens(sql);
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).is("ON")) {
          // Skip the table's name; everything after it is about this table's columns.
          StringBuilder rest = new StringBuilder();
          for (Token token : tokens.subList(Math.min(i + 2, tokens.size()), tokens.size())) {
            rest.append(token.text()).append(' ');
          }
          return SqliteSql.names(rest.toString()).contains(column);
        }
      }
      return false;
    }

    /**
     * True when a constraint names {@code column} of this table: its own columns, or, for a foreign
     * key, the referenced ones when it references this table.
     */
    private boolean constraintMentions(String text, String column) {
      List<Token> tokens = SqliteSql.tokens(text);
      int references = -1;
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).is("REFERENCES")) {
          references = i;
          break;
        }
      }
      String own = references < 0 ? text : text.substring(0, tokens.get(references).start());
      if (SqliteSql.names(own).contains(column)) {
        return true;
      }
      if (references >= 0 && references + 2 < tokens.size()) {
        Token parent = tokens.get(references + 1);
        Token columns = tokens.get(references + 2);
        return parent.name().equalsIgnoreCase(table)
            && columns.kind() == Kind.GROUP
            && SqliteSql.names(columns.inner()).contains(column);
      }
      return false;
    }

    /** Gives every column of enum type {@code typeName} the values {@code change} makes. */
    void replaceEnum(String typeName, UnaryOperator<List<String>> change) {
      for (ColumnDefinition column : definition.columns()) {
        ColumnConstraint check = column.enumCheck();
        if (check == null || !check.name().equalsIgnoreCase(typeName)) {
          continue;
        }
        List<String> values = column.enumValues(check);
        ColumnType before = ColumnType.enumeration(typeName, values);
        ColumnType after = ColumnType.enumeration(typeName, change.apply(values));
        column.replace(
            check,
            new ColumnConstraint(check.name(), "CHECK", dialect.enumCheck(column.name, after)));
        if (column.type().equalsIgnoreCase(dialect.typeName(before))) {
          column.setType(dialect.typeName(after));
        }
      }
    }

    private void alterColumn(String name, ColumnChange change) {
      ColumnDefinition column = column(name, "alter column");
      if (change.type() != null) {
        originalTypes.putIfAbsent(column, column.type());
        changeType(column, name, change.type());
        convert(column, name, change);
      }
      if (change.isNullable() != null) {
        if (change.isNullable()) {
          column.remove("NOT");
          column.remove("NULL");
        } else if (!column.has("NOT")) {
          column.remove("NULL");
          column.add(0, new ColumnConstraint(null, "NOT", "NOT NULL"));
          madeNotNull.add(names.get(column));
        }
      }
      if (change.dropsServerDefault() || change.serverDefault() != null) {
        column.remove("DEFAULT");
        if (change.serverDefault() != null) {
          // The default may depend on the type (see SqliteDialect.defaultSql): the new one, or
          // the one Retort declares for a timestamp with time zone.
          ColumnType type = change.type();
          if (type == null
              && column
                  .type()
                  .equalsIgnoreCase(dialect.typeName(ColumnType.timestampWithTimeZone()))) {
            type = ColumnType.timestampWithTimeZone();
          }
          column.add(
              new ColumnConstraint(
                  null, "DEFAULT", "DEFAULT " + dialect.defaultSql(change.serverDefault(), type)));
        }
      }
      // A comment has nowhere to go on SQLite, as in op.addColumn.
      if (change.newName() != null) {
        for (ColumnDefinition other : definition.columns()) {
          if (other != column
              && (other.name.equalsIgnoreCase(change.newName())
                  || names.get(other).equalsIgnoreCase(change.newName()))) {
            throw new RetortException(
                "cannot rename column "
                    + name
                    + " of "
                    + table
                    + " to "
                    + change.newName()
                    + ": the table already has a column of that name");
          }
        }
        if (added.containsKey(column)) {
          throw new RetortException(
              "cannot rename column "
                  + name
                  + " of "
                  + table
                  + " in the batch that adds it; add it under the name "
                  + change.newName());
        }
        names.put(column, change.newName());
      }
    }

    /**
     * How the copy converts the values of a column whose type changes (see {@link
     * ColumnChange#type}): the user's expression; else a CAST when the affinity changes to one
     * other than BLOB, after checking that the CAST changes no value; else nothing.
     */
    private void convert(ColumnDefinition column, String name, ColumnChange change) {
      if (added.containsKey(column)) {
        return; // no rows to convert
      }
      conversions.remove(column);
      if (change.using() != null) {
        conversions.put(column, "(" + change.using() + ")");
        return;
      }
      String before = affinity(originalTypes.get(column));
      String after = affinity(column.type());
      if (before.equals(after) || after.equals("BLOB")) {
        return;
      }
      List<String> changed = runner.query(valuesChangedByCast(table, column.name, column.type()));
      if (!changed.isEmpty()) {
        throw new RetortException(
            "cannot change the type of column "
                + name
                + " of "
                + table
                + " from "
                + (originalTypes.get(column).isEmpty() ? "no type" : originalTypes.get(column))
                + " to "
                + column.type()
                + ": the affinity changes from "
                + before
                + " to "
                + after
                + ", and SQLite's CAST would change "
                + (changed.size() == 1 ? "this value" : "these values")
                + ":\n    "
                + String.join("\n    ", changed)
                + (changed.size() == VIOLATIONS_SHOWN ? "\n    ..." : "")
                + "\n  fix those rows first, or give the conversion with"
                + " ColumnChange.of().type(...).using(\"expression\"); using(\""
                + column.name
                + "\") copies the values as they are");
      }
      conversions.put(column, cast(column.name, column.type()));
    }

    /**
     * A new type, and the enum CHECK that goes with it: one added for an enum, replaced for another
     * enum type, dropped for a type that is no enum.
     */
    private void changeType(ColumnDefinition column, String name, ColumnType type) {
      ColumnConstraint check = column.enumCheck();
      if (type.kind() == ColumnType.Kind.ENUM) {
        if (check != null && check.name().equalsIgnoreCase(type.enumName())) {
          List<String> values = column.enumValues(check);
          if (!values.equals(type.enumValues())) {
            // PostgreSQL refuses the same revision: an existing type with other values.
            throw new RetortException(
                "column "
                    + name
                    + " of "
                    + table
                    + " is already of enum type "
                    + type.enumName()
                    + " with values "
                    + values
                    + ", and this batch declares "
                    + type.enumValues()
                    + "; change the type's values with op.replaceEnumValues(\""
                    + type.enumName()
                    + "\", List.of(...)) (or op.addEnumValue), which changes every column of"
                    + " the type on both databases, or use a new type name");
          }
        } else {
          ColumnConstraint added =
              new ColumnConstraint(type.enumName(), "CHECK", dialect.enumCheck(column.name, type));
          if (check != null) {
            column.replace(check, added);
          } else {
            column.add(added);
          }
        }
      } else if (check != null) {
        column.remove(check);
      }
      column.setType(dialect.typeName(type));
    }

    private void addConstraint(Operation.Constraint constraint) {
      if (constraint.name() != null && findConstraint(constraint.name())) {
        throw new RetortException(
            "cannot add constraint "
                + constraint.name()
                + " to "
                + table
                + ": the table already has a constraint of that name; drop it first in the batch");
      }
      // Columns the batch renamed are still under their old names until after the copy.
      Operation.Constraint physical = constraint;
      if (constraint instanceof Operation.Constraint.PrimaryKey key) {
        if (primaryKey() != null) {
          throw new RetortException(
              "cannot add primary key "
                  + key.name()
                  + " to "
                  + table
                  + ": the table has one; drop it first in the batch with batch.dropPrimaryKey()");
        }
        physical = new Operation.Constraint.PrimaryKey(key.name(), physical(key.columns()));
        // PRIMARY KEY implies NOT NULL on PostgreSQL but not on SQLite: say it, as createTable
        // does.
        for (String column : key.columns()) {
          ColumnDefinition definition = column(column, "add a primary key on column");
          if (!definition.has("NOT")) {
            definition.remove("NULL");
            definition.add(0, new ColumnConstraint(null, "NOT", "NOT NULL"));
            madeNotNull.add(names.get(definition));
          }
        }
      } else if (constraint instanceof Operation.Constraint.Unique unique) {
        physical = new Operation.Constraint.Unique(unique.name(), physical(unique.columns()));
      } else if (constraint instanceof Operation.Constraint.Foreign foreign) {
        ForeignKey key = foreign.key();
        physical =
            new Operation.Constraint.Foreign(
                ForeignKey.from(physical(key.columns()).toArray(String[]::new))
                    .references(
                        key.referencedTable(),
                        (key.referencedTable().equalsIgnoreCase(table)
                                ? physical(key.referencedColumns())
                                : key.referencedColumns())
                            .toArray(String[]::new))
                    .named(key.name())
                    .onDelete(key.onDelete())
                    .onUpdate(key.onUpdate()));
      }
      definition.parts.add(SqliteTableDefinition.constraint(dialect.constraintSql(physical)));
    }

    private List<String> physical(List<String> columns) {
      List<String> physical = new ArrayList<>();
      for (String name : columns) {
        physical.add(column(name, "add a constraint on column").name);
      }
      return physical;
    }

    private boolean findConstraint(String name) {
      for (TableConstraint constraint : definition.constraints()) {
        if (name.equalsIgnoreCase(constraint.name)) {
          return true;
        }
      }
      for (ColumnDefinition column : definition.columns()) {
        for (ColumnConstraint constraint : column.constraints) {
          if (name.equalsIgnoreCase(constraint.name())) {
            return true;
          }
        }
      }
      return false;
    }

    private void dropConstraint(String name) {
      if (definition.parts.removeIf(
          part -> part instanceof TableConstraint c && name.equalsIgnoreCase(c.name))) {
        return;
      }
      for (ColumnDefinition column : definition.columns()) {
        if (column.removeNamed(name)) {
          return;
        }
      }
      TreeSet<String> known = new TreeSet<>();
      definition.constraints().stream().filter(c -> c.name != null).forEach(c -> known.add(c.name));
      for (ColumnDefinition column : definition.columns()) {
        column.constraints.stream().filter(c -> c.name() != null).forEach(c -> known.add(c.name()));
      }
      throw new RetortException(
          "cannot drop constraint "
              + name
              + " of "
              + table
              + ": the table has no constraint of that name; its named constraints are "
              + (known.isEmpty() ? "none" : known)
              + ". A constraint without a name is dropped by what it constrains:"
              + " batch.dropPrimaryKey(), batch.dropUniqueConstraint(columns...),"
              + " batch.dropForeignKey(referencedTable, columns...) or"
              + " batch.dropCheckConstraints(column)");
    }

    private ColumnDefinition column(String name, String action) {
      for (ColumnDefinition column : definition.columns()) {
        if (names.get(column).equalsIgnoreCase(name)) {
          return column;
        }
      }
      throw new RetortException(
          "cannot "
              + action
              + " "
              + name
              + " of "
              + table
              + ": it has no such column; its columns are "
              + definition.columns().stream().map(names::get).collect(Collectors.toList()));
    }

    /** The columns to copy, by the names they have in both tables until the renames run. */
    List<String> copiedColumns() {
      List<String> copied = new ArrayList<>();
      for (ColumnDefinition column : definition.columns()) {
        if (!added.containsKey(column) && !column.isGenerated()) {
          copied.add(column.name);
        }
      }
      return copied;
    }

    /** For each of {@link #copiedColumns}, its conversion, or null to copy it as it is. */
    List<String> copySelects() {
      List<String> selects = new ArrayList<>();
      for (ColumnDefinition column : definition.columns()) {
        if (!added.containsKey(column) && !column.isGenerated()) {
          selects.add(conversions.get(column));
        }
      }
      return selects;
    }

    /** Old name to new name, for the batch's renames, in the order of the columns. */
    Map<String, String> renames() {
      Map<String, String> renames = new LinkedHashMap<>();
      for (ColumnDefinition column : definition.columns()) {
        if (!column.name.equals(names.get(column))) {
          renames.put(column.name, names.get(column));
        }
      }
      return renames;
    }

    /** What most likely made the copy fail, with the way out. */
    String copyHint() {
      List<String> hints = new ArrayList<>();
      if (!newNotNull.isEmpty()) {
        hints.add(
            "the batch adds NOT NULL column"
                + (newNotNull.size() == 1 ? " " : "s ")
                + String.join(", ", newNotNull)
                + " without a server default, and the table has rows; give "
                + (newNotNull.size() == 1 ? "it" : "each")
                + " one with .serverDefault(ServerDefault.value(...)), or add it nullable,"
                + " fill it, then make it NOT NULL");
      }
      if (!madeNotNull.isEmpty()) {
        hints.add(
            "the batch makes "
                + String.join(", ", madeNotNull)
                + " NOT NULL; fill the NULLs first, e.g. with op.execute(\"UPDATE "
                + table
                + " SET ... WHERE ... IS NULL\") before the batch");
      }
      return String.join("\n  ", hints);
    }
  }
}
