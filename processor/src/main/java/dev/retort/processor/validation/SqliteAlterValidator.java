package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.body.BuilderChain;
import dev.retort.processor.validation.body.MethodCall;
import dev.retort.processor.validation.body.RevisionBodyScanner;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A revision that may run on SQLite does not call, directly on its {@code op}, an operation that
 * SQLite's ALTER TABLE cannot run at the oldest SQLite the build supports ({@code
 * -Aretort.sqliteMinVersion}, 3.35 by default): it would fail on SQLite at run time, where {@code
 * SqliteDialect} refuses it. The fix is the same change inside {@code op.batchAlterTable(...)},
 * which rebuilds the table. See {@link SqliteAlteration} for the cases.
 *
 * <p>A revision may run on SQLite when its {@code @Revision(dialects = ...)} names {@code sqlite},
 * or, when it names none, when {@code -Aretort.dialects} does (both by default).
 *
 * <p>Reports only what it can prove, one error per call, on the call, revisions in id order. A call
 * counts when it is made on the revision method's parameter by name, with the argument count of an
 * {@code Operations} method, and not in a lambda (the body of {@code batchAlterTable}, or any other
 * lambda, which may never run), a branch or a local class. A branch is how a revision picks code
 * per database at run time ({@code if (sqlite) op.batchAlterTable(...); else op.alterColumn(...)}),
 * so a call in one is not proven to run on SQLite. A call in a loop is reported: whenever the loop
 * runs it, SQLite refuses it. {@code alterColumn} and {@code addColumn} are reported only when
 * their {@code ColumnChange} or {@code Column} is written as a builder chain whose every call is
 * known; one held in a variable or made by a method passes unchecked, as do calls through helper
 * methods or a variable holding {@code op}.
 *
 * <p>Raw SQL counts too: an {@code op.execute(sql, ...)} whose SQL is a compile-time constant (a
 * literal, a text block, a concatenation of those, or a constant field) is read by {@link
 * SqliteAlterStatement}, and each ALTER TABLE in it that SQLite refuses is reported on the call,
 * with the same batch form as the typed operation.
 */
final class SqliteAlterValidator implements GraphValidator {
  private static final String COLUMN = "dev.retort.runtime.ops.Column";
  private static final String COLUMN_CHANGE = "dev.retort.runtime.ops.ColumnChange";
  private static final String SERVER_DEFAULT = "dev.retort.runtime.ops.ServerDefault";

  /** What a {@code ColumnChange} chain may call after {@code of()}. */
  private static final Set<String> COLUMN_CHANGE_METHODS =
      Set.of(
          "type",
          "notNull",
          "nullable",
          "serverDefault",
          "dropServerDefault",
          "renameTo",
          "comment",
          "using");

  private final RevisionBodyScanner bodies;
  private final Set<TargetDialect> dialects;
  private final SqliteVersion minimum;

  /**
   * Checks with {@code dialects} as the databases of a revision that names none, and {@code
   * minimum} as the oldest SQLite supported.
   */
  SqliteAlterValidator(
      RevisionBodyScanner bodies, Set<TargetDialect> dialects, SqliteVersion minimum) {
    this.bodies = bodies;
    this.dialects = Set.copyOf(dialects);
    this.minimum = minimum;
  }

  @Override
  public String name() {
    return "Retort/SqliteAlter";
  }

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    // Every declaration, duplicates included: a body's problem does not depend on the graph.
    for (RevisionModel revision : graph.declarations()) {
      if (!mayRunOnSqlite(revision)) {
        continue;
      }
      for (MethodCall call : bodies.calls(revision.type())) {
        if (!call.receiverIsParameter() || !isProvenToRun(call)) {
          continue;
        }
        if (call.name().equals("execute")) {
          // Raw SQL: an ALTER TABLE that SQLite refuses, in a constant string.
          call.constantString(0).stream()
              .flatMap(sql -> SqliteAlterStatement.find(sql).stream())
              .filter(statement -> !statement.alteration().isNativeFrom(minimum))
              .forEach(
                  statement ->
                      diagnostics.error(
                          Messages.sqliteAlterStatement(revision, statement), call.position()));
          continue;
        }
        alteration(call)
            .filter(alteration -> !alteration.isNativeFrom(minimum))
            .ifPresent(
                alteration ->
                    diagnostics.error(
                        Messages.sqliteAlter(
                            revision,
                            alteration,
                            call.name(),
                            table(call, alteration),
                            subject(call, alteration)),
                        call.position()));
      }
    }
  }

  private boolean mayRunOnSqlite(RevisionModel revision) {
    return revision.dialects().isEmpty()
        ? dialects.contains(TargetDialect.SQLITE)
        : revision.dialects().contains(TargetDialect.SQLITE.optionName());
  }

  /** In no lambda, branch or local class; a loop is fine (see the class comment). */
  private static boolean isProvenToRun(MethodCall call) {
    return call.contexts().stream().allMatch(context -> context == MethodCall.Context.LOOP);
  }

  /** What {@code call} asks SQLite's ALTER TABLE for, when that is one it may not do. */
  private static Optional<SqliteAlteration> alteration(MethodCall call) {
    int arguments = call.arguments().size();
    return switch (call.name()) {
      case "alterColumn" ->
          arguments == 3
              ? call.chain(2).flatMap(SqliteAlterValidator::columnChange)
              : Optional.empty();
      case "createUniqueConstraint" ->
          arguments >= 2
              ? Optional.of(SqliteAlteration.CREATE_UNIQUE_CONSTRAINT)
              : Optional.empty();
      case "createForeignKey" ->
          arguments == 2 ? Optional.of(SqliteAlteration.CREATE_FOREIGN_KEY) : Optional.empty();
      // NOT VALID changes nothing on SQLite: the constraint is added as createCheckConstraint adds it.
      case "createCheckConstraint", "createCheckConstraintNotValid" ->
          arguments == 3 ? Optional.of(SqliteAlteration.CREATE_CHECK_CONSTRAINT) : Optional.empty();
      case "dropConstraint" ->
          arguments == 2 ? Optional.of(SqliteAlteration.DROP_CONSTRAINT) : Optional.empty();
      case "dropColumn" ->
          arguments == 2 ? Optional.of(SqliteAlteration.DROP_COLUMN) : Optional.empty();
      case "addColumn" ->
          arguments == 2 ? call.chain(1).flatMap(SqliteAlterValidator::column) : Optional.empty();
      case "createPrimaryKey" ->
          arguments >= 3 ? Optional.of(SqliteAlteration.CREATE_PRIMARY_KEY) : Optional.empty();
      case "dropPrimaryKey" ->
          arguments == 1 ? Optional.of(SqliteAlteration.DROP_PRIMARY_KEY) : Optional.empty();
      case "dropForeignKey" ->
          arguments >= 3 ? Optional.of(SqliteAlteration.DROP_FOREIGN_KEY) : Optional.empty();
      case "dropUniqueConstraint" ->
          arguments >= 2 ? Optional.of(SqliteAlteration.DROP_UNIQUE_CONSTRAINT) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * For a {@code ColumnChange.of()...} chain: empty when it renames only (native), or holds a call
   * this rule does not know; otherwise what it needs.
   */
  private static Optional<SqliteAlteration> columnChange(BuilderChain chain) {
    if (!chain.startsWith(COLUMN_CHANGE, "of") || !chain.calls().get(0).arguments().isEmpty()) {
      return Optional.empty();
    }
    List<String> names = chain.afterFactory().stream().map(BuilderChain.Link::name).toList();
    if (!COLUMN_CHANGE_METHODS.containsAll(names)) {
      return Optional.empty();
    }
    if (!names.isEmpty() && names.stream().allMatch("renameTo"::equals)) {
      return Optional.empty();
    }
    if (!names.isEmpty()
        && names.stream().allMatch(n -> n.equals("notNull") || n.equals("nullable"))) {
      return Optional.of(SqliteAlteration.ALTER_NULLABILITY);
    }
    return Optional.of(SqliteAlteration.ALTER_COLUMN); // an empty change is refused too
  }

  /** The default kinds that matter to SQLite's ADD COLUMN. */
  private enum DefaultKind {
    NONE,
    CONSTANT,
    EXPRESSION,
    UNKNOWN
  }

  /**
   * For a {@code Column.of(...)...} chain, the reason SQLite's ADD COLUMN refuses it, checked in
   * the order {@code SqliteDialect.addColumn} checks; empty when it can add it, or when not proven.
   */
  private static Optional<SqliteAlteration> column(BuilderChain chain) {
    if (!chain.startsWith(COLUMN, "of")) {
      return Optional.empty();
    }
    boolean notNull = false;
    boolean primaryKey = false;
    boolean unique = false;
    boolean stored = false;
    DefaultKind defaultKind = DefaultKind.NONE;
    for (BuilderChain.Link link : chain.afterFactory()) {
      switch (link.name()) {
        case "notNull" -> notNull = true;
        case "primaryKey", "identity" -> primaryKey = true;
        case "unique" -> unique = true;
        case "comment", "generatedVirtual" -> {}
        case "generatedStored" -> stored = true;
        case "serverDefault" -> defaultKind = defaultKind(link);
        default -> {
          return Optional.empty(); // a method this rule does not know
        }
      }
    }
    if (primaryKey) {
      return Optional.of(SqliteAlteration.ADD_PRIMARY_KEY_COLUMN);
    }
    if (unique) {
      return Optional.of(SqliteAlteration.ADD_UNIQUE_COLUMN);
    }
    if (notNull && (defaultKind == DefaultKind.NONE || defaultKind == DefaultKind.EXPRESSION)) {
      return Optional.of(SqliteAlteration.ADD_NOT_NULL_COLUMN);
    }
    if (defaultKind == DefaultKind.EXPRESSION) {
      return Optional.of(SqliteAlteration.ADD_COLUMN_WITH_EXPRESSION_DEFAULT);
    }
    if (stored) {
      return Optional.of(SqliteAlteration.ADD_STORED_GENERATED_COLUMN);
    }
    return Optional.empty();
  }

  private static DefaultKind defaultKind(BuilderChain.Link serverDefault) {
    Optional<BuilderChain> value =
        serverDefault.chains().size() == 1 ? serverDefault.chains().get(0) : Optional.empty();
    if (value.isEmpty() || value.get().calls().size() != 1) {
      return DefaultKind.UNKNOWN;
    }
    BuilderChain chain = value.get();
    if (chain.startsWith(SERVER_DEFAULT, "value")) {
      return DefaultKind.CONSTANT;
    }
    if (chain.startsWith(SERVER_DEFAULT, "currentTimestamp")
        || chain.startsWith(SERVER_DEFAULT, "expression")) {
      return DefaultKind.EXPRESSION;
    }
    return DefaultKind.UNKNOWN;
  }

  /** The table argument, as source. */
  private static String table(MethodCall call, SqliteAlteration alteration) {
    return switch (alteration) {
      case CREATE_UNIQUE_CONSTRAINT, CREATE_CHECK_CONSTRAINT, CREATE_PRIMARY_KEY -> source(call, 1);
      default -> source(call, 0);
    };
  }

  /**
   * What the message names besides the table: the column or constraint, as source; for {@code
   * addColumn}, the column's name when constant; null when nothing.
   */
  private static String subject(MethodCall call, SqliteAlteration alteration) {
    return switch (alteration) {
      case ALTER_COLUMN, ALTER_NULLABILITY, DROP_CONSTRAINT, DROP_COLUMN -> source(call, 1);
      case CREATE_UNIQUE_CONSTRAINT, CREATE_CHECK_CONSTRAINT, CREATE_PRIMARY_KEY -> source(call, 0);
      case DROP_FOREIGN_KEY -> source(call, 1);
      case CREATE_FOREIGN_KEY, DROP_PRIMARY_KEY, DROP_UNIQUE_CONSTRAINT -> null;
      case ADD_PRIMARY_KEY_COLUMN,
          ADD_UNIQUE_COLUMN,
          ADD_NOT_NULL_COLUMN,
          ADD_COLUMN_WITH_EXPRESSION_DEFAULT,
          ADD_STORED_GENERATED_COLUMN ->
          call.chain(1)
              .flatMap(chain -> chain.calls().get(0).constantString(0))
              .map(Messages::quote)
              .orElse(null);
    };
  }

  /**
   * The table argument (or another named one) as it would be pasted into a fix: a constant string
   * as a literal, anything else as written.
   */
  private static String source(MethodCall call, int index) {
    return call.constantString(index)
        .map(Messages::quote)
        .orElseGet(() -> call.arguments().get(index).toString());
  }
}
