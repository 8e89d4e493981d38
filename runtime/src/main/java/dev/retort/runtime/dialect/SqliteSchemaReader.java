package dev.retort.runtime.dialect;

import dev.retort.runtime.dialect.SqliteSql.Kind;
import dev.retort.runtime.dialect.SqliteSql.Token;
import dev.retort.runtime.schema.Schema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a SQLite schema. The {@code pragma_*} table-valued functions give columns, keys and the
 * columns of UNIQUE constraints, for each table whose CREATE text was not read before; what they
 * do not show (constraint names, CHECK expressions, generated columns'
 * expressions, collations, AUTOINCREMENT, an index's expressions and WHERE) comes from the stored
 * CREATE text through {@link SqliteTableDefinition} and {@link SqliteSql}, the parser the table
 * rebuild uses. All SQL text of SQLite's introspection is in this class.
 */
final class SqliteSchemaReader {
  private SqliteSchemaReader() {}

  /**
   * Every object with its stored text, SQLite's own (sqlite_*) left out; unsorted, since {@link
   * Schema} sorts what it holds.
   */
  static final String OBJECTS =
      "SELECT type, name, tbl_name, sql FROM sqlite_master"
          + " WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'";

  /**
   * Every object's stored CREATE text in one value, NUL between two (which no SQL text holds),
   * SQLite's own and the bookkeeping tables' included. In sqlite_master's own order, which an
   * unchanged schema keeps. Never fetched but to rebuild a schema that differs: the marks table
   * keeps it, and SQLite compares it. Each function per row costs as much as the scan itself (a
   * filter on the names, a length prefix: eight times this query's cost at 2,000 tables), so
   * nothing is left out here: a change to what {@link Schema#read} leaves out makes the prints
   * differ, and the comparison then reads both schemas, which leave it out.
   */
  private static final String PRINT =
      "SELECT coalesce(group_concat(sql, char(0)), '') FROM main.sqlite_master";

  /**
   * Where the prints are kept: an in-memory database attached to the connection under this name,
   * so that they are written to no file (a temporary table may go to one, by the connection's
   * temp_store), are never in the schema they describe, and go with the connection.
   */
  private static final String MARKS_DATABASE = "retort_schema_marks";

  private static final String ATTACH_MARKS = "ATTACH DATABASE ':memory:' AS " + MARKS_DATABASE;

  private static final String CREATE_MARKS =
      "CREATE TABLE IF NOT EXISTS " + MARKS_DATABASE + ".marks"
          + " (name TEXT PRIMARY KEY, print TEXT NOT NULL)";

  private static final String KEEP =
      "INSERT OR REPLACE INTO " + MARKS_DATABASE + ".marks (name, print) VALUES (?, (" + PRINT
          + "))";

  private static final String MATCHES =
      "SELECT (" + PRINT + ") = (SELECT print FROM " + MARKS_DATABASE + ".marks WHERE name = ?)";

  private static final String KEPT =
      "SELECT print FROM " + MARKS_DATABASE + ".marks WHERE name = ?";

  private static final String COPY =
      "INSERT OR REPLACE INTO " + MARKS_DATABASE + ".marks (name, print)"
          + " SELECT ?, print FROM " + MARKS_DATABASE + ".marks WHERE name = ?";

  private static final String DETACH_MARKS = "DETACH DATABASE " + MARKS_DATABASE;

  /** One table's columns: name, declared type, notnull, default, pk, hidden. */
  static final String COLUMNS =
      "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?)"
          + " ORDER BY cid";

  /** One table's foreign key column pairs: key id, referenced table, from, to, actions. */
  static final String FOREIGN_KEYS =
      "SELECT id, \"table\", \"from\", \"to\", on_delete, on_update"
          + " FROM pragma_foreign_key_list(?) ORDER BY id, seq";

  /** The columns of one table's UNIQUE constraints' automatic indexes: index, column. */
  static final String UNIQUE_COLUMNS =
      "SELECT l.name, i.name FROM pragma_index_list(?) l, pragma_index_info(l.name) i"
          + " WHERE l.origin = 'u' ORDER BY l.name, i.seqno";

  /**
   * Tables already read, by their CREATE text, with the indexes they had when last read. What the
   * pragmas report about a table follows from that text alone, so a table whose text is unchanged
   * need not be read again: the test kit reads a schema of N tables after each of N steps, and
   * without this each read would run the pragmas of every table (#11). Bounded, least recently
   * used first out.
   */
  private static final Map<String, Schema.Table> TABLES =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Schema.Table> eldest) {
              return size() > 10_000;
            }
          });

  /**
   * See {@link SchemaPrints}: the prints kept in an in-memory database attached to {@code
   * connection}, attached here unless it is already.
   */
  static SchemaPrints prints(Connection connection, Collection<String> excludedTables)
      throws SQLException {
    List<String> excluded = List.copyOf(excludedTables);
    try (Statement statement = connection.createStatement()) {
      boolean attached;
      try (ResultSet databases = statement.executeQuery("PRAGMA database_list")) {
        attached = false;
        while (databases.next()) {
          attached |= MARKS_DATABASE.equals(databases.getString(2));
        }
      }
      if (!attached) {
        statement.execute(ATTACH_MARKS); // refused inside a transaction: SchemaMarks says so
      }
      statement.execute(CREATE_MARKS);
    }
    return new SchemaPrints() {
      @Override
      public void keep(String name) throws SQLException {
        try (PreparedStatement keep = connection.prepareStatement(KEEP)) {
          keep.setString(1, name);
          keep.executeUpdate();
        }
      }

      @Override
      public boolean matches(String name) throws SQLException {
        try (PreparedStatement matches = connection.prepareStatement(MATCHES)) {
          matches.setString(1, name);
          try (ResultSet row = matches.executeQuery()) {
            return row.next() && row.getBoolean(1); // NULL, no such mark: false
          }
        }
      }

      @Override
      public Schema kept(String name) throws SQLException {
        String print;
        try (PreparedStatement kept = connection.prepareStatement(KEPT)) {
          kept.setString(1, name);
          try (ResultSet row = kept.executeQuery()) {
            if (!row.next()) {
              throw new IllegalArgumentException("no schema is kept as " + name);
            }
            print = row.getString(1);
          }
        }
        return rebuild(print, excluded);
      }

      @Override
      public void copy(String from, String to) throws SQLException {
        try (PreparedStatement copy = connection.prepareStatement(COPY)) {
          copy.setString(1, to);
          copy.setString(2, from);
          if (copy.executeUpdate() == 0) {
            throw new IllegalArgumentException("no schema is kept as " + from);
          }
        }
      }

      @Override
      public void close() throws SQLException {
        try (Statement statement = connection.createStatement()) {
          statement.execute(DETACH_MARKS);
        }
      }
    };
  }

  /**
   * The schema a print describes, read from a new in-memory database its texts are run in: what
   * the pragmas report follows from those texts alone. Tables first, in their stored order, then
   * what stands on them; SQLite's own tables and a virtual table's shadow tables, which SQLite
   * makes itself, are skipped.
   */
  private static Schema rebuild(String print, Collection<String> excludedTables)
      throws SQLException {
    List<String> tables = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (String sql : print.split("\0")) {
      if (sql.regionMatches(true, 0, "CREATE TABLE sqlite_", 0, 20)) {
        continue;
      }
      boolean table =
          sql.regionMatches(true, 0, "CREATE TABLE", 0, 12)
              || sql.regionMatches(true, 0, "CREATE VIRTUAL TABLE", 0, 20);
      if (!sql.isEmpty()) {
        (table ? tables : others).add(sql);
      }
    }
    try (Connection scratch = java.sql.DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement statement = scratch.createStatement()) {
      for (String sql : tables) {
        try {
          statement.execute(sql);
        } catch (SQLException e) {
          if (!String.valueOf(e.getMessage()).contains("already exists")) {
            throw e;
          }
        }
      }
      for (String sql : others) {
        statement.execute(sql);
      }
      return read(scratch, excludedTables);
    }
  }

  /** Indexes already read, by their CREATE text, for the reason of {@link #TABLES}. */
  private static final Map<String, Schema.Index> INDEXES =
      java.util.Collections.synchronizedMap(
          new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Schema.Index> eldest) {
              return size() > 10_000;
            }
          });

  static Schema read(Connection connection, Collection<String> excludedTables)
      throws SQLException {
    Set<String> excluded = new TreeSet<>();
    excludedTables.forEach(t -> excluded.add(t.toLowerCase(Locale.ROOT)));
    Map<String, String> tableSql = new LinkedHashMap<>();
    Map<String, List<Schema.Index>> indexes = new HashMap<>();
    List<Schema.View> views = new ArrayList<>();
    List<Schema.Trigger> triggers = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(OBJECTS)) {
      while (rows.next()) {
        String type = rows.getString(1);
        String name = rows.getString(2);
        String table = rows.getString(3);
        String sql = rows.getString(4);
        if (excluded.contains(table.toLowerCase(Locale.ROOT))) {
          continue;
        }
        switch (type) {
          case "table" -> tableSql.put(name, sql);
          case "index" -> {
            if (sql != null) { // null: the automatic index of a key or UNIQUE constraint
              Schema.Index index = INDEXES.get(sql);
              if (index == null || !index.name().equals(name)) {
                index = index(name, sql);
                INDEXES.put(sql, index);
              }
              indexes.computeIfAbsent(table, k -> new ArrayList<>()).add(index);
            }
          }
          case "view" -> views.add(new Schema.View(name, afterAs(sql)));
          case "trigger" -> triggers.add(new Schema.Trigger(name, table, sql));
          default -> {}
        }
      }
    }
    List<Schema.Table> result = new ArrayList<>();
    for (Map.Entry<String, String> entry : tableSql.entrySet()) {
      Schema.Table table = TABLES.get(entry.getValue());
      if (table == null) {
        table = readTable(connection, entry.getKey(), entry.getValue());
        TABLES.put(entry.getValue(), table);
      }
      List<Schema.Index> own = indexes.getOrDefault(entry.getKey(), List.of());
      if (table.indexes().size() == own.size() && table.indexes().containsAll(own)) {
        result.add(table); // as cached: building it again would sort the same lists again
        continue;
      }
      Schema.Table withIndexes =
          new Schema.Table(
              table.name(),
              table.columns(),
              table.primaryKey(),
              table.foreignKeys(),
              table.uniques(),
              table.checks(),
              own);
      TABLES.put(entry.getValue(), withIndexes); // the next read most likely finds the same
      result.add(withIndexes);
    }
    return new Schema("SQLite", result, views, triggers, List.of(), List.of());
  }

  /** One table from its pragmas and CREATE text, without its indexes. */
  private static Schema.Table readTable(Connection connection, String name, String sql)
      throws SQLException {
    TableFacts table = new TableFacts(name, sql);
    try (PreparedStatement statement = connection.prepareStatement(COLUMNS)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          table.column(
              rows.getString(1),
              rows.getString(2),
              rows.getInt(3) != 0,
              rows.getString(4),
              rows.getInt(5),
              rows.getInt(6));
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(FOREIGN_KEYS)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          table.foreignKeyColumn(
              rows.getInt(1),
              rows.getString(2),
              rows.getString(3),
              rows.getString(4),
              rows.getString(5),
              rows.getString(6));
        }
      }
    }
    try (PreparedStatement statement = connection.prepareStatement(UNIQUE_COLUMNS)) {
      statement.setString(1, name);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          table.uniqueColumns.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
              .add(rows.getString(2));
        }
      }
    }
    return table.build();
  }

  /** What one table's pragmas and CREATE text say, gathered before the table is built. */
  private static final class TableFacts {
    final String name;
    final SqliteTableDefinition definition;
    final List<Schema.Column> columns = new ArrayList<>();
    final Map<Integer, String> keyColumns = new java.util.TreeMap<>();
    final Map<Integer, List<String[]>> foreignKeys = new java.util.TreeMap<>();
    final Map<String, List<String>> uniqueColumns = new LinkedHashMap<>();

    TableFacts(String name, String sql) {
      this.name = name;
      this.definition = SqliteTableDefinition.parse(sql);
    }

    SqliteTableDefinition.ColumnDefinition definition(String column) {
      for (SqliteTableDefinition.ColumnDefinition candidate : definition.columns()) {
        if (candidate.name.equalsIgnoreCase(column)) {
          return candidate;
        }
      }
      return null;
    }

    void column(
        String column, String type, boolean notNull, String dflt, int pk, int hidden) {
      SqliteTableDefinition.ColumnDefinition written = definition(column);
      String generated = null;
      String collation = null;
      String identity = null;
      if (written != null) {
        for (SqliteTableDefinition.ColumnConstraint constraint : written.constraints) {
          switch (constraint.kind()) {
            case "GENERATED" -> generated =
                firstGroup(constraint.text()) + (hidden == 3 ? " stored" : " virtual");
            case "COLLATE" -> collation = wordAfter(constraint.text(), "COLLATE");
            case "PRIMARY" -> {
              if (constraint.text().toUpperCase(Locale.ROOT).contains("AUTOINCREMENT")) {
                identity = "autoincrement";
              }
            }
            default -> {}
          }
        }
      }
      if (pk > 0) {
        keyColumns.put(pk, column);
      }
      columns.add(
          Schema.Column.of(
              column, type == null ? "" : type, !notNull, dflt, generated, identity, collation));
    }

    void foreignKeyColumn(
        int id, String table, String from, String to, String onDelete, String onUpdate) {
      foreignKeys
          .computeIfAbsent(id, k -> new ArrayList<>())
          .add(new String[] {table, from, to, onDelete, onUpdate});
    }

    Schema.Table build() {
      Map<String, String> constraintNames = constraintNames();
      Schema.PrimaryKey primaryKey = null;
      if (keyColumns.size() == 1) {
        // An INTEGER PRIMARY KEY is the rowid, which is never NULL, whether or not the table says
        // NOT NULL (the pragma reports only what it says): one meaning, one spelling.
        String key = keyColumns.values().iterator().next();
        for (int i = 0; i < columns.size(); i++) {
          Schema.Column column = columns.get(i);
          if (column.name().equals(key) && column.type().equalsIgnoreCase("INTEGER")) {
            columns.set(
                i,
                new Schema.Column(
                    column.name(),
                    column.type(),
                    column.normalizedType(),
                    false,
                    column.defaultValue(),
                    column.generated(),
                    column.identity(),
                    column.collation()));
          }
        }
      }
      if (!keyColumns.isEmpty()) {
        List<String> keyList = List.copyOf(keyColumns.values());
        primaryKey = new Schema.PrimaryKey(constraintNames.get("PRIMARY" + keyList), keyList);
      }
      List<Schema.ForeignKey> keys = new ArrayList<>();
      for (List<String[]> pairs : foreignKeys.values()) {
        List<String> from = new ArrayList<>();
        List<String> to = new ArrayList<>();
        for (String[] pair : pairs) {
          from.add(pair[1]);
          if (pair[2] != null) {
            to.add(pair[2]);
          }
        }
        if (to.size() != from.size()) {
          to.clear(); // REFERENCES parent without columns: the parent's primary key
        }
        String[] first = pairs.get(0);
        keys.add(
            new Schema.ForeignKey(
                constraintNames.get("FOREIGN" + from), from, first[0], to, first[3], first[4]));
      }
      List<Schema.Unique> uniques = new ArrayList<>();
      for (List<String> columns : uniqueColumns.values()) {
        uniques.add(new Schema.Unique(constraintNames.get("UNIQUE" + columns), columns));
      }
      List<Schema.Check> checks = new ArrayList<>();
      for (SqliteTableDefinition.TableConstraint constraint : definition.constraints()) {
        if (constraint.kind.equals("CHECK")) {
          checks.add(new Schema.Check(constraint.name, firstGroup(constraint.text)));
        }
      }
      for (SqliteTableDefinition.ColumnDefinition column : definition.columns()) {
        for (SqliteTableDefinition.ColumnConstraint constraint : column.constraints) {
          if (constraint.kind().equals("CHECK")) {
            checks.add(new Schema.Check(constraint.name(), firstGroup(constraint.text())));
          }
        }
      }
      return new Schema.Table(name, columns, primaryKey, keys, uniques, checks, List.of());
    }

    /**
     * The names the CREATE text gives keys and UNIQUE constraints, by kind and column list
     * ({@code UNIQUE[email]}): the pragmas report the columns but never the name.
     */
    private Map<String, String> constraintNames() {
      Map<String, String> names = new HashMap<>();
      for (SqliteTableDefinition.TableConstraint constraint : definition.constraints()) {
        if (constraint.name != null) {
          names.put(constraint.kind + groupNames(firstGroup(constraint.text)), constraint.name);
        }
      }
      for (SqliteTableDefinition.ColumnDefinition column : definition.columns()) {
        for (SqliteTableDefinition.ColumnConstraint constraint : column.constraints) {
          if (constraint.name() != null) {
            String kind = constraint.kind().equals("REFERENCES") ? "FOREIGN" : constraint.kind();
            names.put(kind + List.of(column.name), constraint.name());
          }
        }
      }
      return names;
    }
  }

  /** The names in a parenthesised list, each without quotes and without ASC, DESC or COLLATE. */
  private static List<String> groupNames(String inner) {
    List<String> names = new ArrayList<>();
    boolean first = true;
    for (Token token : SqliteSql.tokens(inner == null ? "" : inner)) {
      if (token.kind() == Kind.COMMA) {
        first = true;
      } else if (first && token.isName()) {
        names.add(token.name());
        first = false;
      }
    }
    return names;
  }

  /** The contents of the first parenthesised group in {@code text}, or null. */
  private static String firstGroup(String text) {
    for (Token token : SqliteSql.tokens(text)) {
      if (token.kind() == Kind.GROUP) {
        return token.inner();
      }
    }
    return null;
  }

  private static String wordAfter(String text, String keyword) {
    List<Token> tokens = SqliteSql.tokens(text);
    for (int i = 0; i + 1 < tokens.size(); i++) {
      if (tokens.get(i).is(keyword)) {
        return tokens.get(i + 1).name();
      }
    }
    return null;
  }

  /** A view's query: what follows the top-level AS of its CREATE VIEW. */
  private static String afterAs(String sql) {
    for (Token token : SqliteSql.tokens(sql)) {
      if (token.is("AS")) {
        return sql.substring(token.end()).strip();
      }
    }
    return sql;
  }

  /** An index from its CREATE INDEX text: UNIQUE, the keys as written, the WHERE predicate. */
  static Schema.Index index(String name, String sql) {
    List<Token> tokens = SqliteSql.tokens(sql);
    boolean unique = false;
    List<String> keys = new ArrayList<>();
    String where = null;
    boolean afterOn = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.is("UNIQUE") && !afterOn) {
        unique = true;
      } else if (token.is("ON")) {
        afterOn = true;
      } else if (afterOn && token.kind() == Kind.GROUP && keys.isEmpty()) {
        String inner = token.inner();
        int start = 0;
        for (Token part : SqliteSql.tokens(inner)) {
          if (part.kind() == Kind.COMMA) {
            keys.add(inner.substring(start, part.start()).strip());
            start = part.end();
          }
        }
        keys.add(inner.substring(start).strip());
      } else if (token.is("WHERE")) {
        where = sql.substring(token.end()).strip();
        break;
      }
    }
    return new Schema.Index(name, unique, keys, where);
  }
}
