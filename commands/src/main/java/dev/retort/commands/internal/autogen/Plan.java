package dev.retort.commands.internal.autogen;

import static dev.retort.commands.internal.autogen.Spelling.ACTION;
import static dev.retort.commands.internal.autogen.Spelling.COLUMN;
import static dev.retort.commands.internal.autogen.Spelling.COLUMN_CHANGE;
import static dev.retort.commands.internal.autogen.Spelling.FOREIGN_KEY;
import static dev.retort.commands.internal.autogen.Spelling.INDEX;
import static dev.retort.commands.internal.autogen.Spelling.LIST;
import static dev.retort.commands.internal.autogen.Spelling.TABLE;

import com.palantir.javapoet.CodeBlock;
import dev.retort.runtime.schema.Schema;
import dev.retort.runtime.schema.SchemaDiff;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The operations that take a database from schema {@code from} to schema {@code to}, as Java
 * statements on {@code op}. The downgrade is the same plan the other way, so the two are inverse
 * by construction.
 *
 * <p>The order keeps every statement valid when it runs: enum types change first (a new column may
 * use a new value), then indexes and (PostgreSQL) foreign keys that go are dropped, new tables
 * created (referenced before referencing), existing tables changed, old tables dropped (referencing
 * before referenced), and last the new foreign keys (PostgreSQL) and indexes.
 */
final class Plan {
  private static final Pattern PLAIN = Pattern.compile("\"?[A-Za-z_][A-Za-z0-9_]*\"?");
  /** Where statements start: a method body's indent. */
  private static final int TOP = 4;

  private final Facts from;
  private final Facts to;
  private final boolean postgres;
  private final String dialect;
  private final CodeBlock.Builder code = CodeBlock.builder();

  /**
   * True to write PostgreSQL's lock-safe forms (CONCURRENTLY, NOT VALID then VALIDATE, UNIQUE
   * USING INDEX), which need a revision with {@code transactional = false}: only when {@link
   * #isLockSafeOnly()} said every change has one.
   */
  private final boolean lockSafe;

  /** False once a change is written that has no lock-safe form (a column, a table, a type). */
  private boolean lockSafeOnly = true;

  Plan(Schema from, Schema to, boolean lockSafe) {
    this.lockSafe = lockSafe;
    this.from = new Facts(from);
    this.to = new Facts(to);
    this.postgres = this.to.postgres;
    this.dialect = to.dialect();
  }

  /**
   * True when every change of {@link #code()} is an index or a constraint of a table both schemas
   * have, on PostgreSQL: changes that all have a lock-safe form.
   */
  boolean isLockSafeOnly() {
    return postgres && lockSafeOnly;
  }

  CodeBlock code() {
    enums();
    for (Schema.Table old : from.schema.tables()) {
      Schema.Table table = to.schema.table(old.name());
      if (table != null) {
        dropIndexes(old, table);
        if (postgres) {
          dropForeignKeys(old, table);
        }
      }
    }
    for (Schema.Table table : referencedFirst(added(to.schema, from.schema), to.schema)) {
      createTable(table);
    }
    for (Schema.Table old : from.schema.tables()) {
      Schema.Table table = to.schema.table(old.name());
      if (table != null) {
        alterTable(old, table);
      }
    }
    List<Schema.Table> dropped = referencedFirst(added(from.schema, to.schema), from.schema);
    for (int i = dropped.size() - 1; i >= 0; i--) {
      lockSafeOnly = false;
      code.addStatement("op.dropTable($S)", dropped.get(i).name());
    }
    for (Schema.Table table : to.schema.tables()) {
      Schema.Table old = from.schema.table(table.name());
      if (postgres && old != null) {
        addForeignKeys(old, table);
      }
      createIndexes(old, table);
    }
    otherObjects();
    return code.build();
  }

  // ---- Enum types

  private void enums() {
    if (!from.enums.equals(to.enums)) {
      lockSafeOnly = false;
    }
    for (var entry : to.enums.entrySet()) {
      List<String> old = from.enums.get(entry.getKey());
      List<String> values = entry.getValue();
      String name = entry.getKey();
      if (old == null) {
        if (!to.enumColumns.containsValue(name)) {
          todo(
              "enum type " + name + " " + values + " is used by no column, and the ops create an"
                  + " enum type with the first column that uses it: create it with"
                  + " op.execute(\"CREATE TYPE ...\") if it is needed");
        }
      } else if (!old.equals(values)) {
        if (values.size() > old.size() && values.subList(0, old.size()).equals(old)) {
          for (String value : values.subList(old.size(), values.size())) {
            statement(TOP, Expr.call("op.addEnumValue", str(name), str(value)));
          }
        } else {
          statement(
              TOP,
              Expr.call(
                  "op.replaceEnumValues",
                  str(name),
                  Expr.call("$T.of", Expr.strings(values), LIST)));
        }
      }
    }
    for (String name : from.enums.keySet()) {
      if (!to.enums.containsKey(name) && !from.enumColumns.containsValue(name)) {
        todo(
            "enum type " + name + " is used by no column: drop it with"
                + " op.execute(\"DROP TYPE ...\")");
      }
    }
  }

  // ---- Tables

  private void createTable(Schema.Table table) {
    lockSafeOnly = false;
    List<Expr.Call> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> single = singleKey(table);
    Set<String> inlineUnique = new LinkedHashSet<>();
    for (Schema.Unique unique : table.uniques()) {
      if (unique.name() == null && unique.columns().size() == 1) {
        inlineUnique.add(unique.columns().get(0));
      }
    }
    for (Schema.Column column : table.columns()) {
      Expr spelled = column(table, column, single, notes, inlineUnique.contains(column.name()));
      if (spelled != null) {
        parts.add(Expr.call("column", spelled));
      }
    }
    if (table.primaryKey() != null && single == null) {
      parts.add(Expr.call("primaryKey", List.of(), Expr.strings(table.primaryKey().columns())));
    }
    primaryKeyName(table, notes);
    for (Schema.ForeignKey key : table.foreignKeys()) {
      parts.add(Expr.call("foreignKey", foreignKey(key, false, notes)));
    }
    for (Schema.Unique unique : table.uniques()) {
      if (unique.name() == null && unique.columns().size() == 1) {
        continue;
      }
      String name = constraintName(unique.name(), "uq", table, unique.columns(), notes);
      parts.add(Expr.call("unique", concat(str(name), Expr.strings(unique.columns()))));
    }
    int unnamed = 0;
    for (Schema.Check check : table.checks()) {
      if (to.isEnumCheck(table, check)) {
        continue;
      }
      String name = check.name();
      if (name == null) {
        name = "ck_" + table.name() + "_" + ++unnamed;
        notes.add(
            "the target's CHECK (" + check.expression() + ") has no name; it is named " + name
                + " here, so that a later revision can drop it");
      }
      parts.add(Expr.call("check", str(name), str(Spelling.unwrap(check.expression().strip()))));
    }
    notes.forEach(this::todo);
    // A table reads best one part a line, as the README writes them, whatever its width.
    CodeBlock.Builder chain =
        CodeBlock.builder().add("op.createTable(\n    $T.named($S)", TABLE, table.name());
    for (int i = 0; i < parts.size(); i++) {
      chain.add("\n        ").add(Expr.link(TOP, 8, parts.get(i), i == parts.size() - 1 ? 2 : 0));
    }
    code.add(chain.add(");\n").build());
  }

  private void primaryKeyName(Schema.Table table, List<String> notes) {
    Schema.PrimaryKey key = table.primaryKey();
    if (key != null
        && key.name() != null
        && !(postgres && key.name().equals(table.name() + "_pkey"))) {
      notes.add(
          "the target names the primary key of " + table.name() + " " + key.name()
              + "; createTable lets the database name it");
    }
  }

  /** The one column of a single-column primary key, as a list, or null. */
  private static List<String> singleKey(Schema.Table table) {
    return table.primaryKey() != null && table.primaryKey().columns().size() == 1
        ? table.primaryKey().columns()
        : null;
  }

  /** {@code Column.of(...)...} for a column, or null (with a note) when the ops cannot say it. */
  private Expr column(
      Schema.Table table,
      Schema.Column column,
      List<String> singleKey,
      List<String> notes,
      boolean unique) {
    Expr type = Spelling.type(to, table, column);
    if (type == null) {
      notes.add(
          "column " + table.name() + "." + column.name() + " has type " + column.type()
              + ", which ColumnType cannot name: add it with op.execute(...)");
      return null;
    }
    Expr of = Expr.call("$T.of", List.of(str(column.name()), type), COLUMN);
    List<Expr.Call> links = new ArrayList<>();
    boolean key = singleKey != null && singleKey.get(0).equals(column.name());
    if (column.generated() != null) {
      String generated = column.generated();
      boolean stored = generated.endsWith(" stored");
      String expression = generated.substring(0, generated.lastIndexOf(' '));
      if (!column.nullable()) {
        links.add(Expr.call("notNull"));
      }
      links.add(Expr.call(stored ? "generatedStored" : "generatedVirtual", str(expression)));
    } else {
      if (key && isIdentity(column)) {
        links.add(Expr.call("identity"));
      } else if (key) {
        if (column.identity() != null) {
          notes.add(
              "column " + table.name() + "." + column.name() + " is an identity ("
                  + column.identity() + ") that Column.identity() cannot repeat exactly");
        }
        links.add(Expr.call("primaryKey"));
      } else {
        if (column.identity() != null) {
          notes.add(
              "column " + table.name() + "." + column.name() + " is an identity ("
                  + column.identity() + ") but not the primary key; ops make identities keys");
        }
        if (!column.nullable()) {
          links.add(Expr.call("notNull"));
        }
      }
      if (column.defaultValue() != null) {
        links.add(Expr.call("serverDefault", serverDefault(table, column)));
      }
    }
    if (unique) {
      links.add(Expr.call("unique"));
    }
    return Expr.chain(of, links);
  }

  private Expr serverDefault(Schema.Table table, Schema.Column column) {
    return Spelling.serverDefault(to, column, to.enumOf(table, column) != null);
  }

  /** True when {@code Column.identity()} gives this key column as the target has it. */
  private boolean isIdentity(Schema.Column column) {
    String type = column.normalizedType();
    if (postgres) {
      return "by default".equals(column.identity())
          && (type.equals("integer") || type.equals("bigint"));
    }
    // SQLite: an INTEGER PRIMARY KEY is the rowid, which is what identity() declares.
    return column.identity() == null && column.type().equalsIgnoreCase("INTEGER");
  }

  private Expr foreignKey(Schema.ForeignKey key, boolean mustBeNamed, List<String> notes) {
    List<String> referenced = key.referencedColumns();
    if (referenced.isEmpty()) {
      Schema.Table parent = to.schema.table(key.referencedTable());
      referenced =
          parent != null && parent.primaryKey() != null
              ? parent.primaryKey().columns()
              : key.columns();
    }
    List<Expr.Call> links = new ArrayList<>();
    links.add(
        Expr.call("references", concat(str(key.referencedTable()), Expr.strings(referenced))));
    if (!key.onDelete().equalsIgnoreCase("NO ACTION")) {
      links.add(Expr.call("onDelete", Expr.leaf("$T.$N", ACTION, Spelling.action(key.onDelete()))));
    }
    if (!key.onUpdate().equalsIgnoreCase("NO ACTION")) {
      links.add(Expr.call("onUpdate", Expr.leaf("$T.$N", ACTION, Spelling.action(key.onUpdate()))));
    }
    if (key.name() != null) {
      links.add(Expr.call("named", str(key.name())));
    } else if (mustBeNamed) {
      links.add(Expr.call("named", str(constraintName(null, "fk", null, key.columns(), notes))));
    }
    return Expr.chain(Expr.call("$T.from", Expr.strings(key.columns()), FOREIGN_KEY), links);
  }

  private String constraintName(
      String name, String prefix, Schema.Table table, List<String> columns, List<String> notes) {
    if (name != null) {
      return name;
    }
    String made =
        prefix + "_" + (table == null ? "" : table.name() + "_") + String.join("_", columns);
    notes.add(
        "the target's " + (prefix.equals("uq") ? "UNIQUE" : "FOREIGN KEY") + " " + columns
            + " has no name; it is named " + made + " here, so that a later revision can drop it");
    return made;
  }

  // ---- Changes to a table both schemas have

  /**
   * The statements for one table. PostgreSQL: plain {@code op} calls. SQLite: one {@code
   * batchAlterTable} holding them all, unless every change is an ADD COLUMN that SQLite's ALTER
   * TABLE can do (the processor's {@code [Retort/SqliteAlter]} rules), which run as {@code op}
   * calls without a rebuild.
   */
  private void alterTable(Schema.Table old, Schema.Table table) {
    Steps steps = new Steps(table.name());
    List<String> notes = new ArrayList<>();

    // Constraints that go or change, before the columns they may name.
    if (!postgres) {
      for (Schema.ForeignKey key : old.foreignKeys()) {
        if (table.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
          steps.batch(dropForeignKey(key, steps));
        }
      }
    }
    if (!Objects.equals(keyColumns(old), keyColumns(table)) && old.primaryKey() != null) {
      lockSafeOnly = false;
      steps.batch(steps.call("dropPrimaryKey"));
    }
    for (Schema.Unique unique : old.uniques()) {
      if (!hasUnique(table, unique)) {
        steps.batch(
            unique.name() != null
                ? steps.call("dropConstraint", str(unique.name()))
                : steps.call("dropUniqueConstraint", Expr.strings(unique.columns())));
      }
    }
    for (Schema.Check check : old.checks()) {
      if (from.isEnumCheck(old, check) || hasCheck(table, check)) {
        continue;
      }
      if (check.name() != null) {
        steps.batch(steps.call("dropConstraint", str(check.name())));
      } else {
        notes.add(
            "drop the unnamed CHECK (" + check.expression() + ") of " + table.name()
                + " with batch.dropCheckConstraints(column) for the column it names");
      }
    }

    // Columns: dropped, added, changed.
    List<Schema.Column> droppedColumns =
        old.columns().stream().filter(c -> table.column(c.name()) == null).toList();
    List<Schema.Column> addedColumns =
        table.columns().stream().filter(c -> old.column(c.name()) == null).toList();
    for (Schema.Column column : droppedColumns) {
      for (Schema.Column added : addedColumns) {
        if (added.normalizedType().equals(column.normalizedType())) {
          steps.comment(
              column.name() + " is dropped and " + added.name() + " added with the same type: if"
                  + " it is a rename, replace both with "
                  + (postgres
                      ? "op.renameColumn(\"" + table.name() + "\", \"" + column.name() + "\", \""
                          + added.name() + "\")"
                      : "batch.alterColumn(\"" + column.name()
                          + "\", ColumnChange.of().renameTo(\"" + added.name() + "\"))")
                  + ", which keeps the values");
          break;
        }
      }
      lockSafeOnly = false;
      steps.batch(steps.call("dropColumn", str(column.name())));
    }
    for (Schema.Column column : addedColumns) {
      boolean unique =
          table.uniques().stream()
              .anyMatch(u -> u.name() == null && u.columns().equals(List.of(column.name())));
      Expr spelled = column(table, column, null, notes, unique);
      if (spelled == null) {
        continue;
      }
      boolean constantDefault =
          column.defaultValue() != null && Spelling.isConstant(serverDefault(table, column));
      if (!column.nullable() && column.defaultValue() == null && column.generated() == null) {
        steps.todo(
            "data migration: existing rows of " + table.name() + " have no value for the new NOT"
                + " NULL column " + column.name() + "; give it a server default, or add it"
                + " nullable, fill it, then set NOT NULL");
      }
      // SQLite's ADD COLUMN takes a nullable column, or a NOT NULL one with a constant default,
      // and no key or expression default.
      boolean nativeAdd =
          !unique
              && (column.defaultValue() == null || constantDefault)
              && (column.nullable() || constantDefault)
              && (column.generated() == null || !column.generated().endsWith(" stored"));
      lockSafeOnly = false;
      steps.add(steps.call("addColumn", spelled), nativeAdd);
    }
    for (Schema.Column column : table.columns()) {
      Schema.Column before = old.column(column.name());
      if (before != null) {
        Expr change = columnChange(old, before, table, column, steps, notes);
        if (change != null) {
          lockSafeOnly = false;
          steps.batch(steps.call("alterColumn", str(column.name()), change));
        }
      }
    }

    // Constraints that come or change.
    if (!Objects.equals(keyColumns(old), keyColumns(table)) && table.primaryKey() != null) {
      lockSafeOnly = false;
      String name = table.primaryKey().name();
      if (name == null) {
        name = postgres ? table.name() + "_pkey" : "pk_" + table.name();
      }
      steps.batch(
          postgres
              ? Expr.call(
                  "op.createPrimaryKey",
                  concat(List.of(str(name), str(table.name())),
                      Expr.strings(table.primaryKey().columns())))
              : Expr.call(
                  "batch.createPrimaryKey",
                  concat(str(name), Expr.strings(table.primaryKey().columns()))));
    }
    for (Schema.Unique unique : table.uniques()) {
      boolean inline =
          unique.name() == null
              && unique.columns().size() == 1
              && addedColumns.stream().anyMatch(c -> c.name().equals(unique.columns().get(0)));
      if (!hasUnique(old, unique) && !inline) {
        String name = constraintName(unique.name(), "uq", table, unique.columns(), notes);
        if (postgres && lockSafe) {
          // Built without blocking writes, then made the constraint in a moment.
          steps.batch(
              Expr.call(
                  "op.createIndex",
                  Expr.chain(
                      Expr.call("$T.named", List.of(str(name)), INDEX),
                      List.of(
                          Expr.call(
                              "on", concat(str(table.name()), Expr.strings(unique.columns()))),
                          Expr.call("unique"),
                          Expr.call("concurrently")))));
          steps.batch(
              Expr.call(
                  "op.createUniqueConstraintUsingIndex", str(name), str(table.name()), str(name)));
        } else if (postgres) {
          steps.comment(
              unsafeNote("ADD CONSTRAINT ... UNIQUE builds its index under a lock that blocks"
                  + " writes to " + table.name() + " while it runs",
                  "op.createIndex(Index...unique().concurrently()) then"
                      + " op.createUniqueConstraintUsingIndex"));
          steps.batch(
              Expr.call(
                  "op.createUniqueConstraint",
                  concat(List.of(str(name), str(table.name())), Expr.strings(unique.columns()))));
        } else {
          steps.batch(
              Expr.call("batch.createUniqueConstraint",
                  concat(str(name), Expr.strings(unique.columns()))));
        }
      }
    }
    int unnamed = 0;
    for (Schema.Check check : table.checks()) {
      if (to.isEnumCheck(table, check) || hasCheck(old, check)) {
        continue;
      }
      String name = check.name();
      if (name == null) {
        name = "ck_" + table.name() + "_" + ++unnamed;
        notes.add(
            "the target's CHECK (" + check.expression() + ") has no name; it is named " + name
                + " here, so that a later revision can drop it");
      }
      String expression = Spelling.unwrap(check.expression().strip());
      if (postgres && lockSafe) {
        // NOT VALID holds its lock for a moment; VALIDATE, committed apart, lets writes go on.
        steps.batch(
            Expr.call("op.createCheckConstraintNotValid", str(name), str(table.name()),
                str(expression)));
        steps.batch(Expr.call("op.validateConstraint", str(table.name()), str(name)));
      } else if (postgres) {
        steps.comment(
            unsafeNote("ADD CONSTRAINT ... CHECK reads every row of " + table.name()
                + " under a lock that blocks writes",
                "op.createCheckConstraintNotValid then op.validateConstraint"));
        steps.batch(
            Expr.call("op.createCheckConstraint", str(name), str(table.name()), str(expression)));
      } else {
        steps.batch(Expr.call("batch.createCheckConstraint", str(name), str(expression)));
      }
    }
    if (!postgres) {
      for (Schema.ForeignKey key : table.foreignKeys()) {
        if (old.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
          steps.batch(Expr.call("batch.createForeignKey", foreignKey(key, true, notes)));
        }
      }
    }

    notes.forEach(this::todo);
    steps.writeTo(code);
  }

  /**
   * One table's statements, each kept in the two forms SQLite may need: inside the batch (base
   * indent 6, on {@code batch}) and, when no step needs the batch, on {@code op}.
   */
  private final class Steps {
    private final String table;
    private final List<Object> batched = new ArrayList<>(); // Expr or a comment String
    private final List<Object> natives = new ArrayList<>();
    private boolean needsBatch;

    Steps(String table) {
      this.table = table;
    }

    /** {@code op.method(table, args)} on PostgreSQL, {@code batch.method(args)} on SQLite. */
    Expr.Call call(String method, Expr... args) {
      return call(method, List.of(args));
    }

    Expr.Call call(String method, List<Expr> args) {
      return postgres
          ? Expr.call("op." + method, concat(str(table), args))
          : Expr.call("batch." + method, args);
    }

    /** A step only a batch can do on SQLite. */
    void batch(Expr step) {
      batched.add(step);
      needsBatch = true;
    }

    void add(Expr.Call step, boolean nativeOnSqlite) {
      batched.add(step);
      if (!postgres) {
        natives.add(Expr.call("op." + step.name().toString().substring("batch.".length()),
            concat(str(table), step.args())));
      }
      needsBatch |= !nativeOnSqlite;
    }

    void comment(String text) {
      batched.add(text);
      natives.add(text);
    }

    void todo(String text) {
      comment("TODO(autogenerate): " + text);
    }

    void writeTo(CodeBlock.Builder code) {
      if (batched.isEmpty()) {
        return;
      }
      if (postgres || !needsBatch) {
        write(postgres ? batched : natives, TOP, code);
        return;
      }
      // SQLite's ALTER TABLE cannot do these: the batch rebuilds the table with all of them.
      code.add("op.batchAlterTable($S, batch -> {\n$>", table);
      write(batched, TOP + 2, code);
      code.add("$<});\n");
    }

    private void write(List<Object> steps, int base, CodeBlock.Builder code) {
      for (Object step : steps) {
        code.add(
            step instanceof String text
                ? Plan.comment(base, text)
                : Expr.statement(base, (Expr) step));
      }
    }
  }

  /** The {@code ColumnChange} from {@code before} to {@code column}, or null when none. */
  private Expr columnChange(
      Schema.Table oldTable,
      Schema.Column before,
      Schema.Table table,
      Schema.Column column,
      Steps steps,
      List<String> notes) {
    List<Expr.Call> links = new ArrayList<>();
    String oldEnum = from.enumOf(oldTable, before);
    String newEnum = to.enumOf(table, column);
    boolean typeChanged =
        !Objects.equals(oldEnum, newEnum)
            || (newEnum == null && !before.normalizedType().equals(column.normalizedType()));
    String where = table.name() + "." + column.name();
    if (typeChanged) {
      Expr type = Spelling.type(to, table, column);
      if (type == null) {
        steps.todo(
            "column " + where + " changes type to " + column.type()
                + ", which ColumnType cannot name: change it with op.execute");
      } else {
        links.add(Expr.call("type", type));
        if (!Spelling.widens(before.normalizedType(), column.normalizedType())) {
          steps.todo(
              "data migration: " + where + " changes from " + before.normalizedType() + " to "
                  + (newEnum != null ? "enum " + newEnum : column.normalizedType())
                  + "; values are converted with "
                  + (postgres ? "a cast (column::type)" : "CAST where the affinity changes")
                  + ": check that every value converts, or give .using(\"...\")");
        }
      }
    }
    if (before.nullable() != column.nullable()) {
      links.add(Expr.call(column.nullable() ? "nullable" : "notNull"));
      if (!column.nullable()) {
        steps.todo(
            "data migration: rows where " + where + " IS NULL make NOT NULL fail; update them"
                + " first");
      }
    }
    if (!Facts.sameDefault(dialect, before, column)) {
      links.add(
          column.defaultValue() == null
              ? Expr.call("dropServerDefault")
              : Expr.call("serverDefault", serverDefault(table, column)));
    }
    if (!Facts.sameGenerated(dialect, before, column)
        || !Objects.equals(before.identity(), column.identity())
        || !Objects.equals(before.collation(), column.collation())) {
      notes.add(
          "column " + where + " changes its generated expression, identity or collation, which"
              + " alterColumn cannot change: drop and add it, or use op.execute");
    }
    return links.isEmpty() ? null : Expr.chain(Expr.call("$T.of", List.of(), COLUMN_CHANGE), links);
  }

  private static List<String> keyColumns(Schema.Table table) {
    return table.primaryKey() == null ? null : table.primaryKey().columns();
  }

  private static boolean hasUnique(Schema.Table table, Schema.Unique unique) {
    return table.uniques().stream()
        .anyMatch(
            u -> Objects.equals(u.name(), unique.name()) && u.columns().equals(unique.columns()));
  }

  private boolean hasCheck(Schema.Table table, Schema.Check check) {
    return table.checks().stream()
        .anyMatch(
            c -> Objects.equals(c.name(), check.name()) && Facts.sameCheck(dialect, c, check));
  }

  // ---- Foreign keys (PostgreSQL: their own steps, so that they can name tables made meanwhile)

  private void dropForeignKeys(Schema.Table old, Schema.Table table) {
    Steps steps = new Steps(table.name());
    for (Schema.ForeignKey key : old.foreignKeys()) {
      if (table.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
        steps.batch(dropForeignKey(key, steps));
      }
    }
    steps.writeTo(code);
  }

  private Expr dropForeignKey(Schema.ForeignKey key, Steps steps) {
    return key.name() != null
        ? steps.call("dropConstraint", str(key.name()))
        : steps.call(
            "dropForeignKey", concat(str(key.referencedTable()), Expr.strings(key.columns())));
  }

  private void addForeignKeys(Schema.Table old, Schema.Table table) {
    List<String> notes = new ArrayList<>();
    for (Schema.ForeignKey key : table.foreignKeys()) {
      if (old.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
        Expr spelled = foreignKey(key, true, notes);
        if (lockSafe) {
          // NOT VALID holds its lock for a moment; VALIDATE, committed apart, lets writes go on.
          statement(
              TOP,
              Expr.call(
                  "op.createForeignKey",
                  str(table.name()),
                  Expr.chain(spelled, List.of(Expr.call("notValid")))));
          String name = key.name() != null ? key.name() : "fk_" + String.join("_", key.columns());
          statement(TOP, Expr.call("op.validateConstraint", str(table.name()), str(name)));
          continue;
        }
        code.add(
            comment(TOP, unsafeNote("ADD FOREIGN KEY checks every row of " + table.name()
                + " under a lock that blocks writes to it and to " + key.referencedTable(),
                ".notValid() then op.validateConstraint")));
        statement(TOP, Expr.call("op.createForeignKey", str(table.name()), spelled));
      }
    }
    notes.forEach(this::todo);
  }

  // ---- Indexes

  private void dropIndexes(Schema.Table old, Schema.Table table) {
    for (Schema.Index index : old.indexes()) {
      if (!hasIndex(table, index)) {
        statement(
            TOP,
            Expr.call(lockSafe ? "op.dropIndexConcurrently" : "op.dropIndex", str(index.name())));
      }
    }
  }

  private void createIndexes(Schema.Table old, Schema.Table table) {
    for (Schema.Index index : table.indexes()) {
      if (old != null && hasIndex(old, index)) {
        continue;
      }
      boolean plain = index.keys().stream().allMatch(k -> PLAIN.matcher(k.strip()).matches());
      List<Expr.Call> links = new ArrayList<>();
      if (plain) {
        links.add(
            Expr.call(
                "on",
                concat(
                    str(table.name()),
                    Expr.strings(
                        index.keys().stream().map(k -> k.strip().replace("\"", "")).toList()))));
      } else {
        links.add(
            Expr.call("onExpressions", concat(str(table.name()), Expr.strings(index.keys()))));
      }
      if (index.unique()) {
        links.add(Expr.call("unique"));
      }
      if (index.where() != null) {
        links.add(Expr.call("where", str(Spelling.unwrap(index.where().strip()))));
      }
      if (lockSafe) {
        links.add(Expr.call("concurrently"));
      } else if (postgres && old != null) {
        code.add(
            comment(TOP, unsafeNote("CREATE INDEX blocks writes to " + table.name() + " while it"
                + " builds", ".concurrently()")));
      }
      statement(
          TOP,
          Expr.call(
              "op.createIndex",
              Expr.chain(Expr.call("$T.named", List.of(str(index.name())), INDEX), links)));
    }
  }

  private boolean hasIndex(Schema.Table table, Schema.Index index) {
    return table.indexes().stream()
        .anyMatch(i -> i.name().equals(index.name()) && Facts.sameIndex(dialect, i, index));
  }

  // ---- What the ops do not manage

  private void otherObjects() {
    Schema a =
        new Schema(dialect, List.of(), from.schema.views(), from.schema.triggers(), List.of(),
            from.schema.sequences());
    Schema b =
        new Schema(dialect, List.of(), to.schema.views(), to.schema.triggers(), List.of(),
            to.schema.sequences());
    // Triggers live under their tables in the diff; with no tables, list them apart.
    for (String line : SchemaDiff.between(a, "before", b, "after").differences()) {
      todo(line + ": views and sequences are not generated; write them with op.execute");
    }
    for (Schema.Trigger trigger : to.schema.triggers()) {
      if (from.schema.triggers().stream().noneMatch(t -> t.equals(trigger))) {
        todo("trigger " + trigger.name() + " on " + trigger.table()
            + " is not generated: create it with op.execute");
      }
    }
    for (Schema.Trigger trigger : from.schema.triggers()) {
      if (to.schema.triggers().stream().noneMatch(t -> t.name().equals(trigger.name()))) {
        todo("trigger " + trigger.name() + " on " + trigger.table()
            + " is not generated: drop it with op.execute");
      }
    }
  }

  // ---- Helpers

  private static List<Schema.Table> added(Schema in, Schema notIn) {
    return in.tables().stream().filter(t -> notIn.table(t.name()) == null).toList();
  }

  /** {@code tables} with each table after the tables among them that it references. */
  private static List<Schema.Table> referencedFirst(List<Schema.Table> tables, Schema schema) {
    List<Schema.Table> ordered = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (Schema.Table table : tables) {
      visit(table, tables, ordered, seen);
    }
    return ordered;
  }

  private static void visit(
      Schema.Table table, List<Schema.Table> tables, List<Schema.Table> ordered, Set<String> seen) {
    if (!seen.add(table.name())) {
      return;
    }
    for (Schema.ForeignKey key : table.foreignKeys()) {
      for (Schema.Table parent : tables) {
        if (parent.name().equals(key.referencedTable())) {
          visit(parent, tables, ordered, seen);
        }
      }
    }
    ordered.add(table);
  }

  private static Expr str(String value) {
    return Expr.leaf("$S", value);
  }

  private static List<Expr> concat(Expr first, List<Expr> rest) {
    return concat(List.of(first), rest);
  }

  private static List<Expr> concat(List<Expr> first, List<Expr> rest) {
    List<Expr> all = new ArrayList<>(first);
    all.addAll(rest);
    return all;
  }

  private void statement(int base, Expr expr) {
    code.add(Expr.statement(base, expr));
  }

  private void todo(String text) {
    code.add(comment(TOP, "TODO(autogenerate): " + text));
  }

  /**
   * Why the unsafe form is written: the lock-safe one needs a revision with {@code transactional =
   * false}, which this one cannot be, since it has changes that need a transaction.
   */
  private static String unsafeNote(String text, String safeForm) {
    return text + ". The lock-safe form (" + safeForm + ") needs a revision with transactional ="
        + " false, and this revision has changes that need a transaction: for a large table, move"
        + " this change to a revision of its own and run revision --autogenerate again";
  }

  /** A line comment at indent {@code base}, wrapped at 100 columns like hand-written code. */
  static CodeBlock comment(int base, String text) {
    int width = Expr.WIDTH - base - 3;
    String continuation = text.startsWith("TODO(") ? "    " : "";
    CodeBlock.Builder block = CodeBlock.builder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > continuation.length() && line.length() + 1 + word.length() > width) {
        block.add("// $L\n", line.toString());
        line.setLength(0);
        line.append(continuation);
      }
      if (line.length() > continuation.length() || (line.length() > 0 && continuation.isEmpty())) {
        line.append(' ');
      }
      line.append(word);
    }
    block.add("// $L\n", line.toString());
    return block.build();
  }
}
