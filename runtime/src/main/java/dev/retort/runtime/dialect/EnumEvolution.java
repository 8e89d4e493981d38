package dev.retort.runtime.dialect;

import dev.retort.runtime.RetortException;
import java.util.List;
import java.util.stream.Collectors;

/** What both dialects say when an enum's values change. */
final class EnumEvolution {
  private EnumEvolution() {}

  /** A removed enum value that rows of {@code table}.{@code column} still hold. */
  static RetortException valueInUse(
      String typeName, List<String> used, String table, String column) {
    return new RetortException(
        "cannot remove "
            + (used.size() == 1 ? "value " : "values ")
            + used.stream().map(v -> "'" + v + "'").collect(Collectors.joining(", "))
            + " from enum type "
            + typeName
            + ": column "
            + column
            + " of table "
            + table
            + " still holds "
            + (used.size() == 1 ? "it" : "them")
            + "; nothing was changed. Update or delete those rows first, e.g. op.execute(\"UPDATE "
            + table
            + " SET "
            + column
            + " = ... WHERE "
            + column
            + " = ...\") before this call, or keep the value");
  }

  /** An enum type that already has the value being added. */
  static RetortException alreadyHas(String typeName, String value, List<String> values) {
    return new RetortException(
        "enum type "
            + typeName
            + " already has the value '"
            + value
            + "' (its values are "
            + values
            + "); remove the addEnumValue call");
  }
}
