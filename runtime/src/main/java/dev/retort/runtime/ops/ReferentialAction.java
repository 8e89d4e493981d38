package dev.retort.runtime.ops;

/** What a foreign key does when the row it references is deleted or its key updated. */
public enum ReferentialAction {
  NO_ACTION("NO ACTION"),
  RESTRICT("RESTRICT"),
  CASCADE("CASCADE"),
  SET_NULL("SET NULL"),
  SET_DEFAULT("SET DEFAULT");

  private final String sql;

  ReferentialAction(String sql) {
    this.sql = sql;
  }

  /** The SQL words, the same on both databases. */
  public String sql() {
    return sql;
  }
}
