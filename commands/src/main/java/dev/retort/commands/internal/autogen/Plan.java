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
  private static final int WIDTH = 86;

  private final Facts from;
  private final Facts to;
  private final boolean postgres;
  private final String dialect;
  private final CodeBlock.Builder code = CodeBlock.builder();

  Plan(Schema from, Schema to) {
    this.from = new Facts(from);
    this.to = new Facts(to);
    this.postgres = this.to.postgres;
    this.dialect = to.dialect();
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
    for (var entry : to.enums.entrySet()) {
      List<String> old = from.enums.get(entry.getKey());
      List<String> values = entry.getValue();
      if (old == null) {
        if (!to.enumColumns.containsValue(entry.getKey())) {
          todo(
              "enum type "
                  + entry.getKey()
                  + " "
                  + values
                  + " is used by no column, and the ops create an enum type with the first column"
                  + " that uses it: create it with op.execute(\"CREATE TYPE ...\") if it is needed");
        }
      } else if (!old.equals(values)) {
        if (values.size() > old.size() && values.subList(0, old.size()).equals(old)) {
          for (String value : values.subList(old.size(), values.size())) {
            code.addStatement("op.addEnumValue($S,$W$S)", entry.getKey(), value);
          }
        } else {
          code.addStatement(
              "op.replaceEnumValues($S,$W$T.of($L))", entry.getKey(), LIST, strings(values));
        }
      }
    }
    for (String name : from.enums.keySet()) {
      if (!to.enums.containsKey(name) && !from.enumColumns.containsValue(name)) {
        todo("enum type " + name + " is used by no column: drop it with op.execute(\"DROP TYPE ...\")");
      }
    }
  }

  // ---- Tables

  private void createTable(Schema.Table table) {
    List<CodeBlock> parts = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> single = singleKey(table);
    Set<String> inlineUnique = new LinkedHashSet<>();
    for (Schema.Unique unique : table.uniques()) {
      if (unique.name() == null && unique.columns().size() == 1) {
        inlineUnique.add(unique.columns().get(0));
      }
    }
    for (Schema.Column column : table.columns()) {
      CodeBlock spelled = column(table, column, single, notes);
      if (spelled == null) {
        continue;
      }
      if (inlineUnique.contains(column.name())) {
        spelled = CodeBlock.of("$L.unique()", spelled);
      }
      parts.add(CodeBlock.of(".column($L)", spelled));
    }
    if (table.primaryKey() != null && single == null) {
      parts.add(CodeBlock.of(".primaryKey($L)", strings(table.primaryKey().columns())));
    }
    primaryKeyName(table, notes);
    for (Schema.ForeignKey key : table.foreignKeys()) {
      parts.add(CodeBlock.of(".foreignKey($L)", foreignKey(key, false, notes)));
    }
    for (Schema.Unique unique : table.uniques()) {
      if (unique.name() == null && unique.columns().size() == 1) {
        continue;
      }
      parts.add(
          CodeBlock.of(
              ".unique($S,$W$L)", constraintName(unique.name(), "uq", table, unique.columns(), notes),
              strings(unique.columns())));
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
      parts.add(CodeBlock.of(".check($S,$W$S)", name, check.expression()));
    }
    notes.forEach(this::todo);
    code.add("op.createTable(\n$>$>$T.named($S)", TABLE, table.name());
    for (CodeBlock part : parts) {
      code.add("\n$L", part);
    }
    code.add(");\n$<$<");
  }

  private void primaryKeyName(Schema.Table table, List<String> notes) {
    Schema.PrimaryKey key = table.primaryKey();
    if (key != null
        && key.name() != null
        && !(postgres && key.name().equals(table.name() + "_pkey"))) {
      notes.add(
          "the target names the primary key of "
              + table.name()
              + " "
              + key.name()
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
  private CodeBlock column(
      Schema.Table table, Schema.Column column, List<String> singleKey, List<String> notes) {
    CodeBlock type = Spelling.type(to, table, column);
    if (type == null) {
      notes.add(
          "column "
              + table.name()
              + "."
              + column.name()
              + " has type "
              + column.type()
              + ", which ColumnType cannot name: add it with op.execute(...)");
      return null;
    }
    CodeBlock.Builder spelled = CodeBlock.builder().add("$T.of($S,$W$L)", COLUMN, column.name(), type);
    boolean key = singleKey != null && singleKey.get(0).equals(column.name());
    if (column.generated() != null) {
      String generated = column.generated();
      boolean stored = generated.endsWith(" stored");
      String expression = generated.substring(0, generated.lastIndexOf(' '));
      if (!column.nullable()) {
        spelled.add(".notNull()");
      }
      spelled.add(stored ? ".generatedStored($S)" : ".generatedVirtual($S)", expression);
      return spelled.build();
    }
    if (key && isIdentity(column)) {
      spelled.add(".identity()");
    } else if (key) {
      if (column.identity() != null) {
        notes.add(
            "column " + table.name() + "." + column.name() + " is an identity ("
                + column.identity() + ") that Column.identity() cannot repeat exactly");
      }
      spelled.add(".primaryKey()");
    } else {
      if (column.identity() != null) {
        notes.add(
            "column " + table.name() + "." + column.name() + " is an identity ("
                + column.identity() + ") but not the primary key; ops make identities keys");
      }
      if (!column.nullable()) {
        spelled.add(".notNull()");
      }
    }
    if (column.defaultValue() != null) {
      spelled.add(".serverDefault($L)", serverDefault(table, column));
    }
    return spelled.build();
  }

  private CodeBlock serverDefault(Schema.Table table, Schema.Column column) {
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

  private CodeBlock foreignKey(Schema.ForeignKey key, boolean mustBeNamed, List<String> notes) {
    List<String> referenced = key.referencedColumns();
    if (referenced.isEmpty()) {
      Schema.Table parent = to.schema.table(key.referencedTable());
      referenced = parent != null && parent.primaryKey() != null
          ? parent.primaryKey().columns()
          : key.columns();
    }
    CodeBlock.Builder spelled =
        CodeBlock.builder()
            .add(
                "$T.from($L).references($S,$W$L)",
                FOREIGN_KEY,
                strings(key.columns()),
                key.referencedTable(),
                strings(referenced));
    if (!key.onDelete().equalsIgnoreCase("NO ACTION")) {
      spelled.add(".onDelete($T.$N)", ACTION, Spelling.action(key.onDelete()));
    }
    if (!key.onUpdate().equalsIgnoreCase("NO ACTION")) {
      spelled.add(".onUpdate($T.$N)", ACTION, Spelling.action(key.onUpdate()));
    }
    if (key.name() != null) {
      spelled.add(".named($S)", key.name());
    } else if (mustBeNamed) {
      spelled.add(".named($S)", constraintName(null, "fk", null, key.columns(), notes));
    }
    return spelled.build();
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

  private void alterTable(Schema.Table old, Schema.Table table) {
    List<CodeBlock> steps = new ArrayList<>();
    // The same steps as SQLite runs them outside a batch, used when every step is an addition
    // that ADD COLUMN can do; any other step sets needsBatch.
    List<CodeBlock> natives = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean needsBatch = false;
    String on = postgres ? "op" : "batch";
    String first = postgres ? "$S, " : "";
    Object[] t = postgres ? new Object[] {table.name()} : new Object[0];

    // Constraints that go or change, before the columns they may name.
    if (!postgres) {
      for (Schema.ForeignKey key : old.foreignKeys()) {
        if (table.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
          steps.add(dropForeignKey(key, "batch", table, new Object[0], ""));
          needsBatch = true;
        }
      }
    }
    if (!Objects.equals(keyColumns(old), keyColumns(table)) && old.primaryKey() != null) {
      steps.add(CodeBlock.of(on + ".dropPrimaryKey(" + (postgres ? "$S" : "") + ");\n", t));
      needsBatch = true;
    }
    for (Schema.Unique unique : old.uniques()) {
      if (!hasUnique(table, unique)) {
        steps.add(
            unique.name() != null
                ? call(on, "dropConstraint", first + "$S", t, unique.name())
                : call(on, "dropUniqueConstraint", first + "$L", t, strings(unique.columns())));
        needsBatch = true;
      }
    }
    for (Schema.Check check : old.checks()) {
      if (from.isEnumCheck(old, check) || hasCheck(table, check)) {
        continue;
      }
      if (check.name() != null) {
        steps.add(call(on, "dropConstraint", first + "$S", t, check.name()));
        needsBatch = true;
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
          steps.add(
              comment(
                  column.name()
                      + " is dropped and "
                      + added.name()
                      + " added with the same type: if it is a rename, replace both with"
                      + (postgres
                          ? " op.renameColumn(\"" + table.name() + "\", \"" + column.name()
                              + "\", \"" + added.name() + "\"), which keeps the values"
                          : " batch.alterColumn(\"" + column.name()
                              + "\", ColumnChange.of().renameTo(\"" + added.name()
                              + "\")), which keeps the values")));
          break;
        }
      }
      steps.add(call(on, "dropColumn", first + "$S", t, column.name()));
      needsBatch = true;
    }
    for (Schema.Column column : addedColumns) {
      CodeBlock spelled = column(table, column, null, notes);
      if (spelled == null) {
        continue;
      }
      boolean constantDefault =
          column.defaultValue() != null && Spelling.isConstant(serverDefault(table, column));
      if (!column.nullable() && column.defaultValue() == null && column.generated() == null) {
        steps.add(
            todoBlock(
                "data migration: existing rows of "
                    + table.name()
                    + " have no value for the new NOT NULL column "
                    + column.name()
                    + "; give it a server default, or add it nullable, fill it, then set NOT NULL"));
      }
      boolean unique =
          table.uniques().stream()
              .anyMatch(u -> u.name() == null && u.columns().equals(List.of(column.name())));
      if (unique) {
        spelled = CodeBlock.of("$L.unique()", spelled);
      }
      steps.add(call(on, "addColumn", first + "$L", t, spelled));
      natives.add(CodeBlock.of("op.addColumn($S,$W$L);\n", table.name(), spelled));
      // SQLite's ADD COLUMN takes a nullable column, or a NOT NULL one with a constant default,
      // and no key or expression default: the processor's SqliteAlter rules.
      boolean nativeAdd =
          !unique
              && (column.defaultValue() == null || constantDefault)
              && (column.nullable() || constantDefault)
              && (column.generated() == null || !column.generated().endsWith(" stored"));
      needsBatch |= !nativeAdd;
    }
    for (Schema.Column column : table.columns()) {
      Schema.Column before = old.column(column.name());
      if (before != null) {
        CodeBlock change = columnChange(old, before, table, column, steps, notes);
        if (change != null) {
          steps.add(call(on, "alterColumn", first + "$S,$W$L", t, column.name(), change));
          needsBatch = true;
        }
      }
    }

    // Constraints that come or change.
    if (!Objects.equals(keyColumns(old), keyColumns(table)) && table.primaryKey() != null) {
      String name = table.primaryKey().name();
      if (name == null) {
        name = postgres ? table.name() + "_pkey" : "pk_" + table.name();
      }
      steps.add(
          postgres
              ? CodeBlock.of(
                  "op.createPrimaryKey($S,$W$S,$W$L);\n",
                  name, table.name(), strings(table.primaryKey().columns()))
              : CodeBlock.of(
                  "batch.createPrimaryKey($S,$W$L);\n", name, strings(table.primaryKey().columns())));
      needsBatch = true;
    }
    for (Schema.Unique unique : table.uniques()) {
      boolean inline =
          unique.name() == null
              && unique.columns().size() == 1
              && addedColumns.stream().anyMatch(c -> c.name().equals(unique.columns().get(0)));
      if (!hasUnique(old, unique) && !inline) {
        String name = constraintName(unique.name(), "uq", table, unique.columns(), notes);
        if (postgres) {
          steps.add(
              lockNote("ADD CONSTRAINT ... UNIQUE builds its index under a lock that blocks"
                  + " writes to " + table.name() + " while it runs"));
          steps.add(
              CodeBlock.of(
                  "op.createUniqueConstraint($S,$W$S,$W$L);\n",
                  name, table.name(), strings(unique.columns())));
        } else {
          steps.add(
              CodeBlock.of(
                  "batch.createUniqueConstraint($S,$W$L);\n", name, strings(unique.columns())));
        }
        needsBatch = true;
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
      if (postgres) {
        steps.add(
            lockNote("ADD CONSTRAINT ... CHECK reads every row of " + table.name()
                + " under a lock that blocks writes"));
        steps.add(
            CodeBlock.of(
                "op.createCheckConstraint($S,$W$S,$W$S);\n", name, table.name(), check.expression()));
      } else {
        steps.add(CodeBlock.of("batch.createCheckConstraint($S,$W$S);\n", name, check.expression()));
      }
      needsBatch = true;
    }
    if (!postgres) {
      for (Schema.ForeignKey key : table.foreignKeys()) {
        if (old.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
          steps.add(CodeBlock.of("batch.createForeignKey($L);\n", foreignKey(key, true, notes)));
          needsBatch = true;
        }
      }
    }

    notes.forEach(this::todo);
    if (steps.isEmpty()) {
      return;
    }
    if (postgres) {
      steps.forEach(code::add);
    } else if (needsBatch) {
      // SQLite's ALTER TABLE cannot do these: the batch rebuilds the table with all of them.
      code.add("op.batchAlterTable($S, batch -> {\n$>", table.name());
      steps.forEach(code::add);
      code.add("$<});\n");
    } else {
      // Only additions that ALTER TABLE ADD COLUMN can do: no rebuild needed.
      natives.forEach(code::add);
    }
  }

  /** The {@code ColumnChange} from {@code before} to {@code column}, or null when none. */
  private CodeBlock columnChange(
      Schema.Table oldTable,
      Schema.Column before,
      Schema.Table table,
      Schema.Column column,
      List<CodeBlock> steps,
      List<String> notes) {
    CodeBlock.Builder change = CodeBlock.builder().add("$T.of()", COLUMN_CHANGE);
    boolean changed = false;
    String oldEnum = from.enumOf(oldTable, before);
    String newEnum = to.enumOf(table, column);
    boolean typeChanged =
        !Objects.equals(oldEnum, newEnum)
            || (newEnum == null && !before.normalizedType().equals(column.normalizedType()));
    if (typeChanged) {
      CodeBlock type = Spelling.type(to, table, column);
      if (type == null) {
        steps.add(
            todoBlock("column " + table.name() + "." + column.name() + " changes type to "
                + column.type() + ", which ColumnType cannot name: change it with op.execute"));
      } else {
        change.add(".type($L)", type);
        changed = true;
        if (!Spelling.widens(before.normalizedType(), column.normalizedType())) {
          steps.add(
              todoBlock(
                  "data migration: "
                      + table.name()
                      + "."
                      + column.name()
                      + " changes from "
                      + before.normalizedType()
                      + " to "
                      + (newEnum != null ? "enum " + newEnum : column.normalizedType())
                      + "; values are converted with "
                      + (postgres ? "a cast (column::type)" : "CAST where the affinity changes")
                      + ": check that every value converts, or give .using(\"...\")"));
        }
      }
    }
    if (before.nullable() != column.nullable()) {
      change.add(column.nullable() ? ".nullable()" : ".notNull()");
      changed = true;
      if (!column.nullable()) {
        steps.add(
            todoBlock(
                "data migration: rows where "
                    + table.name()
                    + "."
                    + column.name()
                    + " IS NULL make NOT NULL fail; update them first"));
      }
    }
    if (!Facts.sameDefault(dialect, before, column)) {
      if (column.defaultValue() == null) {
        change.add(".dropServerDefault()");
      } else {
        change.add(".serverDefault($L)", serverDefault(table, column));
      }
      changed = true;
    }
    if (!Facts.sameGenerated(dialect, before, column)
        || !Objects.equals(before.identity(), column.identity())
        || !Objects.equals(before.collation(), column.collation())) {
      notes.add(
          ("column " + table.name() + "." + column.name()
              + " changes its generated expression, identity or collation, which alterColumn"
              + " cannot change: drop and add it, or use op.execute"));
    }
    return changed ? change.build() : null;
  }

  private static List<String> keyColumns(Schema.Table table) {
    return table.primaryKey() == null ? null : table.primaryKey().columns();
  }

  private static boolean hasUnique(Schema.Table table, Schema.Unique unique) {
    return table.uniques().stream()
        .anyMatch(u -> Objects.equals(u.name(), unique.name()) && u.columns().equals(unique.columns()));
  }

  private boolean hasCheck(Schema.Table table, Schema.Check check) {
    return table.checks().stream()
        .anyMatch(c -> Objects.equals(c.name(), check.name()) && Facts.sameCheck(dialect, c, check));
  }

  // ---- Foreign keys (PostgreSQL: their own steps, so that they can name tables made meanwhile)

  private void dropForeignKeys(Schema.Table old, Schema.Table table) {
    for (Schema.ForeignKey key : old.foreignKeys()) {
      if (table.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
        code.add(dropForeignKey(key, "op", table, new Object[] {table.name()}, "$S, "));
      }
    }
  }

  private CodeBlock dropForeignKey(
      Schema.ForeignKey key, String on, Schema.Table table, Object[] t, String first) {
    return key.name() != null
        ? call(on, "dropConstraint", first + "$S", t, key.name())
        : call(on, "dropForeignKey", first + "$S,$W$L", t, key.referencedTable(),
            strings(key.columns()));
  }

  private void addForeignKeys(Schema.Table old, Schema.Table table) {
    List<String> notes = new ArrayList<>();
    for (Schema.ForeignKey key : table.foreignKeys()) {
      if (old.foreignKeys().stream().noneMatch(k -> Facts.sameForeignKey(k, key))) {
        code.add(
            lockNote("ADD FOREIGN KEY checks every row of " + table.name()
                + " under a lock that blocks writes to it and to " + key.referencedTable()));
        code.addStatement("op.createForeignKey($S,$W$L)", table.name(), foreignKey(key, true, notes));
      }
    }
    notes.forEach(this::todo);
  }

  // ---- Indexes

  private void dropIndexes(Schema.Table old, Schema.Table table) {
    for (Schema.Index index : old.indexes()) {
      if (!hasIndex(table, index)) {
        code.addStatement("op.dropIndex($S)", index.name());
      }
    }
  }

  private void createIndexes(Schema.Table old, Schema.Table table) {
    for (Schema.Index index : table.indexes()) {
      if (old != null && hasIndex(old, index)) {
        continue;
      }
      boolean plain = index.keys().stream().allMatch(k -> PLAIN.matcher(k.strip()).matches());
      CodeBlock.Builder spelled = CodeBlock.builder().add("$T.named($S)", INDEX, index.name());
      if (plain) {
        spelled.add(
            ".on($S,$W$L)",
            table.name(),
            strings(index.keys().stream().map(k -> k.strip().replace("\"", "")).toList()));
      } else {
        spelled.add(".onExpressions($S,$W$L)", table.name(), strings(index.keys()));
      }
      if (index.unique()) {
        spelled.add(".unique()");
      }
      if (index.where() != null) {
        spelled.add(".where($S)", index.where());
      }
      if (postgres && old != null) {
        code.add(
            lockNote("CREATE INDEX blocks writes to " + table.name() + " while it builds"));
      }
      code.addStatement("op.createIndex($L)", spelled.build());
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
    Set<String> visiting = new LinkedHashSet<>();
    for (Schema.Table table : tables) {
      visit(table, tables, ordered, visiting);
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

  private static CodeBlock strings(List<String> values) {
    return CodeBlock.join(values.stream().map(v -> CodeBlock.of("$S", v)).toList(), ", ");
  }

  private static CodeBlock call(String on, String method, String format, Object[] t, Object... args) {
    Object[] all = new Object[t.length + args.length];
    System.arraycopy(t, 0, all, 0, t.length);
    System.arraycopy(args, 0, all, t.length, args.length);
    // $W: JavaPoet breaks the line there when it would pass 100 columns.
    return CodeBlock.of(on + "." + method + "(" + format.replace(", ", ",$W") + ");\n", all);
  }

  private void todo(String text) {
    code.add(comment("TODO(autogenerate): " + text));
  }

  private static CodeBlock todoBlock(String text) {
    return comment("TODO(autogenerate): " + text);
  }

  private static CodeBlock lockNote(String text) {
    return comment(text + "; no lock-safe form is generated yet, so on a large table run it"
        + " at a quiet time");
  }

  /** A line comment, wrapped like hand-written code. */
  static CodeBlock comment(String text) {
    CodeBlock.Builder block = CodeBlock.builder();
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + word.length() + 1 > WIDTH) {
        block.add("// $L\n", line.toString());
        line.setLength(0);
        line.append(text.startsWith("TODO(") ? "    " : "");
      }
      if (line.length() > 0 && !line.toString().isBlank()) {
        line.append(' ');
      }
      line.append(word);
    }
    block.add("// $L\n", line.toString());
    return block.build();
  }
}
