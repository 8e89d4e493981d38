package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionModel;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every message the processor prints, one static method per problem, like Room's {@code
 * ProcessorErrors}. The text is API: each starts with a stable tag such as {@code
 * [Retort/DuplicateId]}, then states the problem in lowercase naming ids and files, and ends with
 * the fix written out. Tests pin each text in full once, so a change of wording is deliberate.
 *
 * <p>Lines after the first carry two spaces less than users see: javac indents every further line
 * of a message by two. Evidence lines get two of their own, so they show at four, under a fix line
 * at two, as in the examples of the style guide.
 */
public final class Messages {
  // The tags, one per rule; stable, and listed in processor/README.md.
  public static final String INVALID_REVISION = "[Retort/InvalidRevision]";
  public static final String INVALID_ID = "[Retort/InvalidId]";
  public static final String DUPLICATE_ID = "[Retort/DuplicateId]";
  public static final String DANGLING_DOWN = "[Retort/DanglingDown]";
  public static final String CYCLE = "[Retort/Cycle]";
  public static final String MULTIPLE_HEADS = "[Retort/MultipleHeads]";
  public static final String NON_TRANSACTIONAL = "[Retort/NonTransactional]";
  public static final String SQLITE_ALTER = "[Retort/SqliteAlter]";
  public static final String INVALID_DIALECT = "[Retort/InvalidDialect]";
  public static final String LATE_REVISION = "[Retort/LateRevision]";
  public static final String INVALID_OPTION = "[Retort/InvalidOption]";
  public static final String INTERNAL = "[Retort/Internal]";
  public static final String BODY_CHECKS_OFF = "[Retort/BodyChecksOff]";
  public static final String INVALID_ALLOW = "[Retort/InvalidAllow]";

  /** How many known ids a dangling-down message lists before "and N more". */
  static final int KNOWN_IDS_SHOWN = 10;

  private static final String ID_RULE = "an id is 1 to 32 characters from [A-Za-z0-9_]";
  private static final String MIGRATION = "dev.retort.runtime.Migration";

  private Messages() {}

  // ---------------------------------------------------------------------------------------------
  // Class shape: [Retort/InvalidRevision]

  /** {@code kind} is the type's kind with its article: "an interface", "an enum", "a record". */
  static String notAClass(RevisionModel r, String kind) {
    return String.format(
        "%s %s is %s, but @Revision goes only on classes; make %s a public class that"
            + " implements %s",
        INVALID_REVISION, who(r), kind, r.type().getSimpleName(), MIGRATION);
  }

  static String abstractClass(RevisionModel r) {
    return String.format(
        "%s %s is abstract, but the registry creates each revision with new %s(); remove"
            + " abstract, or put @Revision on a concrete subclass",
        INVALID_REVISION, who(r), r.type().getSimpleName());
  }

  static String notPublic(RevisionModel r) {
    return String.format(
        "%s %s is not public, but the generated RetortRegistry must create it from its own"
            + " package; make %s public",
        INVALID_REVISION, who(r), r.type().getSimpleName());
  }

  static String innerClass(RevisionModel r, String enclosing) {
    return String.format(
        "%s %s is an inner class, which cannot be created without an instance of %s; declare it"
            + " static, or move it to a file of its own",
        INVALID_REVISION, who(r), enclosing);
  }

  static String localClass(RevisionModel r) {
    return String.format(
        "%s %s is a local or anonymous class, which the registry cannot name; move it to a file"
            + " of its own",
        INVALID_REVISION, who(r));
  }

  /** {@code enclosing} lists the enclosing types that are not public, outermost first. */
  static String enclosingNotPublic(RevisionModel r, List<String> enclosing) {
    boolean one = enclosing.size() == 1;
    return String.format(
        "%s %s is nested in %s, which %s not public, so the generated RetortRegistry cannot reach"
            + " it; make %s public, or move %s to a file of its own",
        INVALID_REVISION,
        who(r),
        and(enclosing),
        one ? "is" : "are",
        one ? enclosing.get(0) : "them",
        r.type().getSimpleName());
  }

  static String typeParameters(RevisionModel r, String parameters) {
    return String.format(
        "%s %s has type parameters %s, but the registry creates it with a plain new %s(); remove"
            + " the type parameters",
        INVALID_REVISION, who(r), parameters, r.type().getSimpleName());
  }

  static String noPublicConstructor(RevisionModel r) {
    return String.format(
        "%s %s has no public no-argument constructor, which the registry calls to create it; add"
            + " public %s() {}",
        INVALID_REVISION, who(r), r.type().getSimpleName());
  }

  static String notMigration(RevisionModel r) {
    return String.format(
        "%s %s does not implement %s, so the runtime cannot run it; declare it as class %s"
            + " implements Migration and implement upgrade(Operations)",
        INVALID_REVISION, who(r), MIGRATION, r.type().getSimpleName());
  }

  static String runtimeMissing(RevisionModel r) {
    return String.format(
        "%s %s is not on the class path, so %s cannot implement it; add the"
            + " dev.retort:retort-runtime dependency to this module",
        INVALID_REVISION, MIGRATION, who(r));
  }

  // ---------------------------------------------------------------------------------------------
  // Id format: [Retort/InvalidId]

  static String emptyId(RevisionModel r) {
    return String.format(
        "%s %s has id = \"\", but %s; give it one, e.g. 12 random hex digits as Alembic makes"
            + " them",
        INVALID_ID, who(r), ID_RULE);
  }

  static String emptyDown(RevisionModel r) {
    return String.format(
        "%s %s has \"\" in down, but %s; write the id of the revision %s follows, or remove the"
            + " empty entry",
        INVALID_ID, who(r), ID_RULE, r.type().getSimpleName());
  }

  /** {@code inDown} tells whether {@code value} is a down entry rather than the id. */
  static String idCharacters(
      RevisionModel r,
      boolean inDown,
      String value,
      List<Character> invalid,
      Optional<String> suggestion) {
    String fix =
        suggestion
            .map(s -> "use " + (inDown ? "" : "id = ") + quote(s))
            .orElse("use only ASCII letters, digits and underscores");
    return String.format(
        "%s %s has %s, but %s, and this one contains %s; %s",
        INVALID_ID, who(r), site(inDown, value), ID_RULE, characters(invalid), fix);
  }

  static String idTooLong(
      RevisionModel r, boolean inDown, String value, Optional<String> suggestion) {
    String fix =
        suggestion
            .map(s -> "shorten it, e.g. to " + (inDown ? "" : "id = ") + quote(s))
            .orElse("shorten it");
    return String.format(
        "%s %s has %s, but %s, and this one has %d; %s",
        INVALID_ID, who(r), site(inDown, value), ID_RULE, value.length(), fix);
  }

  static String reservedId(RevisionModel r, boolean inDown, String value) {
    String fix =
        inDown
            ? "write the id of the revision " + r.type().getSimpleName() + " follows"
            : "choose another id";
    return String.format(
        "%s %s has %s, but head, heads and base (in any case) are reserved: they name targets of"
            + " upgrade and downgrade; %s",
        INVALID_ID, who(r), site(inDown, value), fix);
  }

  static String repeatedDown(RevisionModel r, String down) {
    return String.format(
        "%s %s names %s twice in down = %s; remove the second %s",
        INVALID_ID, who(r), quote(down), downs(r.downs()), quote(down));
  }

  // ---------------------------------------------------------------------------------------------
  // Graph rules

  /**
   * {@code declarations} are every class declaring {@code id}, sorted by qualified name. {@code
   * original} is the one the module's earlier compile registered under {@code id}, if any: the
   * others are then new since that build and are the ones to rename. Without it the compiler cannot
   * tell, and the message says how the user can: the one a database already ran keeps the id.
   * {@code originalFromClassFile} tells that the original was read from a class file because its
   * source was not part of this compile, which is also what a renamed file leaves behind.
   */
  static String duplicateId(
      String id,
      List<RevisionModel> declarations,
      Optional<RevisionModel> original,
      boolean originalFromClassFile) {
    String first =
        String.format(
            "%s revision id %s is declared %s: %s\n",
            DUPLICATE_ID,
            quote(id),
            declarations.size() == 2 ? "twice" : declarations.size() + " times",
            and(declarations.stream().map(RevisionModel::fileName).toList()));
    if (original.isEmpty()) {
      return first
          + String.format(
              "ids must be unique in a module, and the compiler cannot tell which is the copy: the"
                  + " one that a database already ran keeps the id (current() and the revision_id"
                  + " column of retort_history show what ran there); give %s a new id and point"
                  + " %s children's down at it. If no database ran any of them, rename the newer"
                  + " copy",
              declarations.size() == 2 ? "the other" : "each other one",
              declarations.size() == 2 ? "its" : "their");
    }
    RevisionModel kept = original.get();
    List<String> renamed =
        declarations.stream()
            .filter(r -> r != kept)
            .map(r -> r.type().getSimpleName().toString())
            .toList();
    boolean one = renamed.size() == 1;
    String fix =
        String.format(
            "give %s, which %s new since that build, %s and point %s children's down at %s",
            and(renamed),
            one ? "is" : "are",
            one ? "a new id" : "new ids",
            one ? "its" : "their",
            one ? "it" : "them");
    String keptName = kept.type().getSimpleName().toString();
    if (originalFromClassFile) {
      return first
          + String.format(
              "%s has id %s in the class output of an earlier build, and its source is not part"
                  + " of this compile; if you renamed or deleted %s, remove the stale class file"
                  + " with a clean build (mvn clean compile). Otherwise %s",
              keptName, quote(id), kept.fileName(), fix);
    }
    return first
        + String.format(
            "the last build registered %s under %s, so it keeps the id; %s",
            keptName, quote(id), fix);
  }

  /**
   * {@code known} are the ids to show (at most {@link #KNOWN_IDS_SHOWN}, sorted) out of {@code
   * knownCount}.
   */
  static String danglingDown(
      RevisionModel r,
      String down,
      List<String> known,
      int knownCount,
      Optional<String> suggestion) {
    String knownIds = known.isEmpty() ? "none" : String.join(", ", known);
    if (knownCount > known.size()) {
      knownIds += " and " + (knownCount - known.size()) + " more";
    }
    return String.format(
        "%s revision %s (%s) has down = %s, but no revision has id %s\n"
            + "known ids: %s%s; fix the id, or add the missing revision to this module",
        DANGLING_DOWN,
        r.id(),
        r.fileName(),
        downs(r.downs()),
        quote(down),
        knownIds,
        suggestion.map(s -> " (did you mean " + quote(s) + "?)").orElse(""));
  }

  /**
   * {@code cycle} lists the revisions along down references from the first back to (but not
   * repeating) it; the first is the one to edit.
   */
  static String cycle(List<RevisionModel> cycle) {
    RevisionModel first = cycle.get(0);
    RevisionModel second = cycle.size() > 1 ? cycle.get(1) : first;
    String path =
        cycle.stream()
            .map(r -> r.id() + " (" + r.displayName() + ")")
            .collect(Collectors.joining(" -> "));
    return String.format(
        "%s down references form a cycle: %s -> %s\n"
            + "a revision's down may name only older revisions; remove %s from %s's down",
        CYCLE, path, first.id(), quote(second.id()), first.displayName());
  }

  /**
   * {@code heads} sorted by id; {@code branchPoints} are the nearest revisions that every head
   * descends from, sorted by id, possibly none.
   */
  static String multipleHeads(List<RevisionModel> heads, List<RevisionModel> branchPoints) {
    int idWidth = heads.stream().mapToInt(r -> r.id().length()).max().orElse(0);
    int nameWidth = heads.stream().mapToInt(r -> r.displayName().length()).max().orElse(0);
    StringBuilder text = new StringBuilder();
    text.append(MULTIPLE_HEADS)
        .append(' ')
        .append(count(heads.size()))
        .append(" heads: ")
        .append(and(heads.stream().map(r -> r.id() + " (" + r.fileName() + ")").toList()));
    for (RevisionModel head : heads) {
      text.append('\n')
          .append("  ")
          .append(pad(head.id(), idWidth))
          .append("  ")
          .append(pad(head.displayName(), nameWidth))
          .append("   down = ")
          .append(downs(head.distinctDowns()));
    }
    String branch;
    if (branchPoints.isEmpty()) {
      branch = "they share no ancestor";
    } else {
      branch =
          (heads.size() == 2 ? "both" : "all")
              + " branch from "
              + and(branchPoints.stream().map(r -> r.id() + " (" + r.fileName() + ")").toList());
    }
    text.append('\n')
        .append(branch)
        .append("; add a merge revision with down = ")
        .append(downs(heads.stream().map(RevisionModel::id).toList()));
    return text.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Body rules

  /**
   * A transactional revision executes {@code statement}, which the database refuses inside a
   * transaction. The fix is the revision's whole annotation with {@code transactional = false}, to
   * paste over the one it has.
   */
  static String nonTransactional(RevisionModel r, NonTransactionalStatement statement) {
    String refusal =
        statement == NonTransactionalStatement.ALTER_TYPE_ADD_VALUE
            ? "which PostgreSQL before 12 refuses, and after which later versions cannot use the"
                + " new value until the transaction commits"
            : "which the database refuses";
    StringBuilder annotation = new StringBuilder("@Revision(id = ").append(quote(r.id()));
    if (!r.downs().isEmpty()) {
      annotation.append(", down = ").append(downs(r.downs()));
    }
    if (!r.message().isEmpty()) {
      annotation.append(", message = ").append(quote(r.message()));
    }
    annotation.append(", transactional = false)");
    // Written out as true, the value is to be changed rather than added.
    String fix =
        r.transactionalValue() == null
            ? "add transactional = false to its @Revision"
            : "set transactional = false in its @Revision";
    return String.format(
        "%s revision %s (%s) runs %s inside its transaction, %s\n%s: %s",
        NON_TRANSACTIONAL, r.id(), r.fileName(), statement.text(), refusal, fix, annotation);
  }

  /**
   * A revision that may run on SQLite calls {@code alteration} on its {@code op}, by the method
   * named {@code method} (used for the CHECK alteration, which two methods make). {@code table} and
   * {@code subject} (the column or constraint; for {@code addColumn} the column's name, or null)
   * are as they go into source: a constant as a literal, anything else as written. The fix is the
   * batch call to paste, and for a change SQLite runs natively from some version, the option that
   * says every SQLite supported is that recent.
   */
  static String sqliteAlter(
      RevisionModel r, SqliteAlteration alteration, String method, String table, String subject) {
    String call =
        switch (alteration) {
          case ALTER_COLUMN, ALTER_NULLABILITY ->
              "alterColumn(" + table + ", " + subject + ", ...)";
          case CREATE_UNIQUE_CONSTRAINT ->
              "createUniqueConstraint(" + subject + ", " + table + ", ...)";
          case CREATE_FOREIGN_KEY -> "createForeignKey(" + table + ", ...)";
          // createCheckConstraintNotValid is createCheckConstraint to SQLite: name the call made.
          case CREATE_CHECK_CONSTRAINT ->
              method
                  + "("
                  + subject
                  + ", "
                  + table
                  + ", ...)";
          case DROP_CONSTRAINT -> "dropConstraint(" + table + ", " + subject + ")";
          case DROP_COLUMN -> "dropColumn(" + table + ", " + subject + ")";
          case CREATE_PRIMARY_KEY -> "createPrimaryKey(" + subject + ", " + table + ", ...)";
          case DROP_PRIMARY_KEY -> "dropPrimaryKey(" + table + ")";
          case DROP_FOREIGN_KEY -> "dropForeignKey(" + table + ", " + subject + ", ...)";
          case DROP_UNIQUE_CONSTRAINT -> "dropUniqueConstraint(" + table + ", ...)";
          default -> "addColumn(" + table + ", ...)";
        };
    Optional<SqliteVersion> since = alteration.nativeSince();
    return String.format(
        "%s revision %s (%s) calls op.%s, which SQLite%s cannot run outside a batch\n%s",
        SQLITE_ALTER,
        r.id(),
        r.fileName(),
        call,
        since.map(v -> " before " + v).orElse(""),
        batchFix(alteration, table, subject, false));
  }

  /**
   * A revision that may run on SQLite executes {@code statement}, an ALTER TABLE that SQLite
   * refuses. The fix is the same as for the typed operation: the batch call to paste, with the
   * statement's table and column or constraint.
   */
  static String sqliteAlterStatement(RevisionModel r, SqliteAlterStatement statement) {
    SqliteAlteration alteration = statement.alteration();
    Optional<SqliteVersion> since = alteration.nativeSince();
    return String.format(
        "%s revision %s (%s) runs %s, which SQLite%s cannot run\n%s",
        SQLITE_ALTER,
        r.id(),
        r.fileName(),
        abbreviate(statement.text()),
        since.map(v -> " before " + v).orElse(""),
        batchFix(
            alteration,
            quote(statement.table()),
            statement.subject() == null ? null : quote(statement.subject()),
            true));
  }

  /**
   * The second line of a {@code [Retort/SqliteAlter]} message: why SQLite refuses {@code
   * alteration}, the batch call that makes the change, and for a change SQLite runs natively from
   * some version, the option that says every SQLite supported is that recent. {@code table} and
   * {@code subject} are as they go into source; {@code subject} is null when unknown. {@code
   * rawSql} words the ADD COLUMN reasons for SQL rather than for {@code Column}'s builder.
   */
  private static String batchFix(
      SqliteAlteration alteration, String table, String subject, boolean rawSql) {
    String batchCall;
    String reason;
    String alternative = "";
    String named = subject == null ? "..." : subject + ", ...";
    switch (alteration) {
      case ALTER_COLUMN, ALTER_NULLABILITY -> {
        batchCall = "alterColumn(" + subject + ", ...)";
        reason =
            alteration == SqliteAlteration.ALTER_COLUMN
                ? "SQLite has no ALTER COLUMN"
                : "SQLite's ALTER TABLE changes a column's nullability only from 3.53";
      }
      case CREATE_UNIQUE_CONSTRAINT -> {
        batchCall = "createUniqueConstraint(" + named + ")";
        reason = "SQLite cannot add a UNIQUE constraint to an existing table";
      }
      case CREATE_FOREIGN_KEY -> {
        batchCall = "createForeignKey(...)";
        reason = "SQLite cannot add a foreign key to an existing table";
      }
      case CREATE_CHECK_CONSTRAINT -> {
        batchCall = "createCheckConstraint(" + named + ")";
        reason = "SQLite's ALTER TABLE adds CHECK constraints only from 3.53";
      }
      case DROP_CONSTRAINT -> {
        batchCall = "dropConstraint(" + subject + ")";
        reason = "SQLite's ALTER TABLE drops constraints only from 3.53, and then only CHECK ones";
      }
      case DROP_COLUMN -> {
        batchCall = "dropColumn(" + subject + ")";
        reason = "SQLite has DROP COLUMN only from 3.35";
      }
      case CREATE_PRIMARY_KEY -> {
        batchCall = "createPrimaryKey(" + subject + ", ...)";
        reason = "SQLite cannot add a primary key to an existing table";
      }
      case DROP_PRIMARY_KEY -> {
        batchCall = "dropPrimaryKey()";
        reason = "SQLite cannot drop a primary key";
      }
      case DROP_FOREIGN_KEY -> {
        batchCall = "dropForeignKey(" + subject + ", ...)";
        reason = "SQLite cannot drop a foreign key";
      }
      case DROP_UNIQUE_CONSTRAINT -> {
        batchCall = "dropUniqueConstraint(...)";
        reason = "SQLite cannot drop a UNIQUE constraint";
      }
      default -> {
        batchCall = "addColumn(...)";
        String column = subject == null ? "" : subject + ", ";
        String what =
            switch (alteration) {
              case ADD_PRIMARY_KEY_COLUMN -> "a primary-key column";
              case ADD_UNIQUE_COLUMN -> "a UNIQUE column";
              case ADD_NOT_NULL_COLUMN ->
                  rawSql
                      ? "a NOT NULL column without a non-null constant default to a table that"
                          + " has rows"
                      : "a NOT NULL column without a constant server default";
              case ADD_STORED_GENERATED_COLUMN -> "a STORED generated column";
              default ->
                  rawSql
                      ? "a column whose default is not a constant (such as CURRENT_TIMESTAMP or"
                          + " an expression) to a table that has rows"
                      : "a column whose server default is not a constant";
            };
        reason = "SQLite's ADD COLUMN cannot add " + column + what;
        if (alteration == SqliteAlteration.ADD_NOT_NULL_COLUMN) {
          alternative =
              rawSql
                  ? ", or give the column a constant DEFAULT"
                  : ", or give the column .serverDefault(ServerDefault.value(...))";
        }
      }
    }
    Optional<SqliteVersion> since = alteration.nativeSince();
    if (since.isPresent()) {
      alternative =
          String.format(
              ", or, if every SQLite you support is %s or later, set -Aretort.sqliteMinVersion=%s",
              since.get(), since.get());
    }
    return String.format(
        "%s; use op.batchAlterTable(%s, batch -> batch.%s)%s",
        reason, table, batchCall, alternative);
  }

  /** {@code sql} on one line, cut after 100 characters. */
  private static String abbreviate(String sql) {
    String line = sql.strip().replaceAll("\\s+", " ");
    return line.length() <= 100 ? line : line.substring(0, 97) + "...";
  }

  // ---------------------------------------------------------------------------------------------
  // Dialects: [Retort/InvalidDialect]

  /**
   * A {@code dialects} entry of {@code @Revision} names no dialect; {@code suggestion} is the one
   * it resembles (another case, spaces around it), if any.
   */
  static String invalidDialect(RevisionModel r, String value, Optional<TargetDialect> suggestion) {
    return String.format(
        "%s revision %s (%s) has %s in dialects, but Retort knows only \"postgresql\" and"
            + " \"sqlite\"\n%s",
        INVALID_DIALECT,
        r.id(),
        r.fileName(),
        quote(value),
        suggestion
            .map(d -> "write " + quote(d.optionName()) + ", in lowercase")
            .orElse(
                "use \"postgresql\" or \"sqlite\", or leave dialects out to use"
                    + " -Aretort.dialects"));
  }

  // ---------------------------------------------------------------------------------------------
  // Processing

  /**
   * A {@code @Revision} class that appeared in a later round than the graph was read in: another
   * processor generated it, after the registry was written without it.
   */
  public static String lateRevision(String className, String fileName) {
    return String.format(
        "%s %s (%s) was generated by another annotation processor after Retort had read the"
            + " revision graph, and a revision generated by another processor cannot be counted;"
            + " write %s as a source file of this module",
        LATE_REVISION, className, fileName, className);
  }

  /** The {@code -Aretort.registryPackage} option is not a package name. */
  public static String invalidRegistryPackage(String option, String value) {
    return String.format(
        "%s -A%s=%s is not a Java package name; use a dotted name such as -A%s=com.example.db, or"
            + " leave it out to use the revisions' common package",
        INVALID_OPTION, option, value, option);
  }

  /** A boolean option such as {@code -Aretort.debug} is neither true nor false. */
  public static String invalidBoolean(String option, String value) {
    return String.format(
        "%s -A%s=%s is neither true nor false; use -A%s=true, or leave it out",
        INVALID_OPTION, option, value, option);
  }

  /** The {@code -Aretort.sqliteMinVersion} option is not a version. */
  public static String invalidSqliteVersion(String option, String value, String defaultValue) {
    return String.format(
        "%s -A%s=%s is not an SQLite version; use major.minor or major.minor.patch from 3.0 on,"
            + " such as -A%s=3.35, or leave it out for %s",
        INVALID_OPTION, option, value, option, defaultValue);
  }

  /**
   * The {@code -Aretort.dialects} option names no dialect, or one Retort does not know ({@code
   * unknown}, empty for an empty entry).
   */
  public static String invalidDialects(String option, String value, String unknown) {
    String problem =
        unknown.isEmpty()
            ? "has an empty entry"
            : "names " + quote(unknown) + ", an unknown dialect";
    return String.format(
        "%s -A%s=%s %s; use a comma-separated list from postgresql and sqlite, such as"
            + " -A%s=postgresql, or leave it out for both",
        INVALID_OPTION, option, value, problem, option);
  }

  /**
   * The processor itself failed. {@code where} names what it was working on: a class, or the
   * registry.
   */
  public static String internal(String where) {
    return String.format(
        "%s the Retort processor failed on %s; please report it with -Aretort.debug=true output",
        INTERNAL, where);
  }

  /**
   * A note, once per compile: the processing environment is not javac's and does not unwrap to it
   * ({@code environment} names its class), so the checks that read revision bodies are off.
   */
  public static String bodyChecksOff(String environment) {
    return String.format(
        "%s the processing environment %s is not javac's and Retort could not unwrap it, so"
            + " javac's tree API is missing and the checks that read revision bodies are off:"
            + " Retort/SqliteAlter, Retort/NonTransactional and source checksums (validate() lists"
            + " these revisions as unrecorded); the graph checks still ran. Compile with javac (Maven,"
            + " Gradle and IntelliJ's javac builds are unwrapped) to run them",
        BODY_CHECKS_OFF, environment);
  }

  // ---------------------------------------------------------------------------------------------
  // Lock-safety rules: each names the lock, how long it is held, and the safe sequence as code.

  /**
   * A lock-safety finding: the tag, the revision, {@code problem}; then, on PostgreSQL, {@code
   * hazard}; the evidence line when there is one; the safe sequence, one line of code each; and
   * the exemption to paste when the hazard does not apply.
   */
  private static String lint(
      LintRule rule,
      RevisionModel r,
      String problem,
      String hazard,
      String evidence,
      List<String> safe) {
    StringBuilder text =
        new StringBuilder(rule.tag())
            .append(" revision ")
            .append(r.id())
            .append(" (")
            .append(r.fileName())
            .append(") ")
            .append(problem)
            .append(": on PostgreSQL ")
            .append(hazard);
    if (evidence != null) {
      text.append("\n  ").append(evidence);
    }
    text.append("\nsafe sequence:");
    for (String line : safe) {
      text.append("\n  ").append(line);
    }
    text.append("\nor, where the hazard does not apply, exempt the revision with a reason:")
        .append("\n  @Revision(..., allow = @Revision.Allow(rule = ")
        .append(quote(rule.ruleName()))
        .append(", reason = \"...\"))");
    return text.toString();
  }

  /** How the evidence names where a table came from: {@code workout exists since 3e9a (X.java)}. */
  static String createdBy(String table, RevisionModel creator) {
    return creator == null
        ? table + " was created by an earlier revision"
        : table + " was created by an earlier revision, " + creator.id() + " (" + creator.fileName()
            + ")";
  }

  static String nonConcurrentIndex(
      RevisionModel r, String index, String table, boolean unique, String evidence) {
    return lint(
        LintRule.NON_CONCURRENT_INDEX,
        r,
        "creates index " + index + " on " + table + " without CONCURRENTLY",
        "CREATE INDEX holds a SHARE lock on " + table + " for the whole build, blocking every"
            + " INSERT, UPDATE and DELETE until the index is built",
        evidence,
        List.of(
            "// a revision of its own: @Revision(..., transactional = false)",
            "op.createIndex(Index.named(" + quote(index) + ").on(" + quote(table) + ", ...)"
                + (unique ? ".unique()" : "") + ".concurrently());"));
  }

  static String nonConcurrentIndexDrop(RevisionModel r, String index) {
    return lint(
        LintRule.NON_CONCURRENT_INDEX_DROP,
        r,
        "drops index " + index + " without CONCURRENTLY",
        "DROP INDEX holds an ACCESS EXCLUSIVE lock on the index's table, blocking every read and"
            + " write, until the drop commits, and waits in line behind every open transaction"
            + " that uses the table",
        null,
        List.of(
            "// a revision of its own: @Revision(..., transactional = false)",
            "op.dropIndexConcurrently(" + quote(index) + ");"));
  }

  static String constraintWithoutNotValid(
      RevisionModel r, String kind, String name, String table, String evidence) {
    boolean foreign = kind.equals("foreign key");
    String constraint = name == null ? "\"...\"" : quote(name);
    return lint(
        LintRule.CONSTRAINT_WITHOUT_NOT_VALID,
        r,
        "adds " + kind + (name == null ? "" : " " + name) + " to " + table + " without NOT VALID",
        (foreign
                ? "ADD FOREIGN KEY holds a SHARE ROW EXCLUSIVE lock on " + table + " and on the"
                    + " referenced table, blocking writes to both,"
                : "ADD CHECK holds an ACCESS EXCLUSIVE lock on " + table + ", blocking every read"
                    + " and write,")
            + " while it scans every row of " + table,
        evidence,
        List.of(
            foreign
                ? "op.createForeignKey(" + quote(table) + ", ForeignKey.from(...).references(...)"
                    + ".named(" + constraint + ").notValid());"
                : "op.createCheckConstraintNotValid(" + constraint + ", " + quote(table)
                    + ", \"...\");",
            "// a later revision: the scan then lets reads and writes go on",
            "op.validateConstraint(" + quote(table) + ", " + constraint + ");"));
  }

  static String setNotNull(RevisionModel r, String table, String column, String evidence) {
    String check = quote("ck_" + table + "_" + column + "_not_null");
    return lint(
        LintRule.SET_NOT_NULL,
        r,
        "sets column " + column + " of " + table + " NOT NULL",
        "SET NOT NULL holds an ACCESS EXCLUSIVE lock on " + table + ", blocking every read and"
            + " write, while it scans every row",
        evidence,
        List.of(
            "op.createCheckConstraintNotValid(" + check + ", " + quote(table) + ", "
                + quote(column + " IS NOT NULL") + ");",
            "// a later revision: validate without blocking writes, then SET NOT NULL skips the"
                + " scan",
            "op.validateConstraint(" + quote(table) + ", " + check + ");",
            "op.alterColumn(" + quote(table) + ", " + quote(column)
                + ", ColumnChange.of().notNull());",
            "op.dropConstraint(" + quote(table) + ", " + check + ");"));
  }

  static String columnTypeRewrite(
      RevisionModel r, String table, String column, String from, String to, String evidence) {
    return lint(
        LintRule.COLUMN_TYPE_REWRITE,
        r,
        "changes column " + column + " of " + table + " from " + from + " to " + to,
        "the change rewrites " + table + " and rebuilds its indexes under an ACCESS EXCLUSIVE"
            + " lock, blocking every read and write until it is done (only a longer varchar, varchar"
            + " to text, and a numeric of higher precision at the same scale skip the rewrite)",
        evidence,
        List.of(
            "op.addColumn(" + quote(table) + ", Column.of(" + quote(column + "_new") + ", ...));",
            "// backfill " + column + "_new in batches, and have the application write both columns",
            "// a later revision, once the application reads " + column + "_new:",
            "op.dropColumn(" + quote(table) + ", " + quote(column) + ");"));
  }

  static String rewritingAddColumn(
      RevisionModel r, String table, String column, String why, String evidence) {
    return lint(
        LintRule.REWRITING_ADD_COLUMN,
        r,
        "adds column " + column + " to " + table + " " + why,
        "that rewrites " + table + " under an ACCESS EXCLUSIVE lock, blocking every read and write"
            + " until every row has its value",
        evidence,
        List.of(
            "op.addColumn(" + quote(table) + ", Column.of(" + quote(column) + ", ...));"
                + " // no default, or a constant one",
            "// fill it in batches; then, for new rows, a later revision:",
            "op.alterColumn(" + quote(table) + ", " + quote(column)
                + ", ColumnChange.of().serverDefault(...));"));
  }

  static String uniqueWithoutIndex(RevisionModel r, String name, String table, String evidence) {
    String constraint = name == null ? "\"...\"" : quote(name);
    return lint(
        LintRule.UNIQUE_WITHOUT_INDEX,
        r,
        "adds UNIQUE constraint " + (name == null ? "" : name + " ") + "to " + table
            + " directly",
        "ADD UNIQUE builds its index under an ACCESS EXCLUSIVE lock on " + table + ", blocking"
            + " every read and write for the whole build",
        evidence,
        List.of(
            "// a revision of its own: @Revision(..., transactional = false)",
            "op.createIndex(Index.named(" + constraint + ").on(" + quote(table)
                + ", ...).unique().concurrently());",
            "// a later revision: taking the index over is instant",
            "op.createUniqueConstraintUsingIndex(" + constraint + ", " + quote(table) + ", "
                + constraint + ");"));
  }

  /** {@code what} is e.g. {@code "drops column phone of users"}. */
  static String backwardIncompatible(RevisionModel r, String what, String name, String evidence) {
    return lint(
        LintRule.BACKWARD_INCOMPATIBLE,
        r,
        what,
        "the change is instant, but the application still running against the database fails on"
            + " every query that names " + name + ", from the commit until it is redeployed",
        evidence,
        List.of(
            "// first deploy code that no longer uses " + name + "; then drop it",
            "// to rename: add the new name, write both, backfill, move reads, then drop the old"));
  }

  static String preferJsonb(RevisionModel r, String where) {
    return lint(
        LintRule.PREFER_JSONB,
        r,
        "declares " + where + " as json",
        "json keeps the text as written and has no equality operator, so it cannot be indexed,"
            + " compared or used in DISTINCT or GROUP BY",
        null,
        List.of("ColumnType.json() // Retort's json() is jsonb on PostgreSQL; or write jsonb"));
  }

  static String preferTimestamptz(RevisionModel r, String where) {
    return lint(
        LintRule.PREFER_TIMESTAMPTZ,
        r,
        "declares " + where + " as timestamp without time zone",
        "the value carries no zone, so readers in other time zones read another instant, and a"
            + " later change to timestamptz rewrites the table",
        null,
        List.of("ColumnType.timestampWithTimeZone() // timestamptz"));
  }

  /** An {@code @Allow} names a rule that does not exist. */
  static String unknownAllowRule(RevisionModel r, String rule, Optional<String> suggestion) {
    return String.format(
        "%s revision %s (%s) allows %s, which is no lock-safety rule%s\nknown rules: %s",
        INVALID_ALLOW,
        r.id(),
        r.fileName(),
        quote(rule),
        suggestion.map(s -> " (did you mean " + quote(s) + "?)").orElse(""),
        String.join(", ", java.util.Arrays.stream(LintRule.values()).map(LintRule::ruleName)
            .toList()));
  }

  /** An {@code @Allow} has a blank reason. */
  static String blankAllowReason(RevisionModel r, String rule) {
    return String.format(
        "%s revision %s (%s) allows %s without a reason\nsay why the hazard does not apply, for"
            + " whoever audits it later: @Revision.Allow(rule = %s, reason = \"the table has 200"
            + " rows\")",
        INVALID_ALLOW, r.id(), r.fileName(), rule, quote(rule));
  }

  /** A {@code -Aretort.lint...} option has a value other than error, warning or off. */
  public static String invalidLintSeverity(String option, String value) {
    return String.format(
        "%s -A%s=%s is not a severity; use error, warning or off, or leave it out for the default",
        INVALID_OPTION, option, value);
  }

  /** A {@code -Aretort.lint.<rule>} option names no rule. */
  public static String unknownLintOption(String option) {
    return String.format(
        "%s -A%s names no lock-safety rule; the rules are %s",
        INVALID_OPTION,
        option,
        String.join(", ", java.util.Arrays.stream(LintRule.values()).map(LintRule::ruleName)
            .toList()));
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  /** How messages name a class: {@code AddPhone (AddPhone.java)}. */
  private static String who(RevisionModel r) {
    return r.displayName() + " (" + r.fileName() + ")";
  }

  private static String site(boolean inDown, String value) {
    return inDown ? quote(value) + " in down" : "id = " + quote(value);
  }

  /** {@code {"77b0", "a1f3"}}, as in source. */
  static String downs(Collection<String> ids) {
    return ids.stream().map(Messages::quote).collect(Collectors.joining(", ", "{", "}"));
  }

  /** {@code a}, {@code a and b}, {@code a, b and c}. */
  static String and(List<String> items) {
    if (items.size() <= 1) {
      return String.join("", items);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  /** {@code '-'}, {@code ' ' and '-'}: the characters as Java char literals. */
  private static String characters(List<Character> invalid) {
    return and(invalid.stream().map(c -> "'" + escape(c, '\'') + "'").toList());
  }

  private static String count(int n) {
    List<String> words =
        List.of("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten");
    return n >= 2 && n <= 10 ? words.get(n - 2) : Integer.toString(n);
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  /** {@code value} as a Java string literal, so that odd characters show. */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      quoted.append(escape(c, '"'));
    }
    return quoted.append('"').toString();
  }

  private static String escape(char c, char quote) {
    return switch (c) {
      case '\\' -> "\\\\";
      case '\n' -> "\\n";
      case '\t' -> "\\t";
      case '\r' -> "\\r";
      default -> {
        if (c == quote) {
          yield "\\" + c;
        } else if (c < 0x20 || c == 0x7f || (Character.isWhitespace(c) && c != ' ')) {
          yield String.format("\\u%04x", (int) c);
        } else {
          yield String.valueOf(c);
        }
      }
    };
  }
}
