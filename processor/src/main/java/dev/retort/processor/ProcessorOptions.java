package dev.retort.processor;

import dev.retort.processor.validation.Diagnostics;
import dev.retort.processor.validation.LintRule;
import dev.retort.processor.validation.LintSeverity;
import dev.retort.processor.validation.Messages;
import dev.retort.processor.validation.SqliteVersion;
import dev.retort.processor.validation.TargetDialect;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.SourceVersion;

/**
 * The processor's {@code -A} options, read and checked once.
 *
 * <ul>
 *   <li>{@code -Aretort.registryPackage=com.example.db}: the package of the generated {@code
 *       RetortRegistry}; by default the longest package the revision classes share.
 *   <li>{@code -Aretort.debug=true}: print a processor failure's stack trace as a note.
 *   <li>{@code -Aretort.dialects=postgresql,sqlite}: the databases a revision runs on unless its
 *       {@code @Revision(dialects = ...)} says otherwise; both by default.
 *   <li>{@code -Aretort.sqliteMinVersion=3.35}: the oldest SQLite the revisions must run on, which
 *       decides what {@code [Retort/SqliteAlter]} lets run outside a batch; 3.35 by default.
 *   <li>{@code -Aretort.lint.<rule>=error|warning|off}: the severity of one lock-safety rule, such
 *       as {@code -Aretort.lint.NonConcurrentIndex=error}; {@code -Aretort.lint=...} sets every
 *       rule at once, and a rule's own option wins over it. Defaults: see {@link LintRule}.
 * </ul>
 *
 * <p>An invalid value is an {@code [Retort/InvalidOption]} error, and the default is used in its
 * place for the rest of the compile (which generates nothing, as after any error).
 *
 * @param registryPackage the package option, when given and valid
 * @param debug whether to print stack traces of processor failures
 * @param dialects the dialects of a revision that names none
 * @param sqliteMinVersion the oldest SQLite supported
 * @param lint the severity of each lock-safety rule
 */
public record ProcessorOptions(
    Optional<String> registryPackage,
    boolean debug,
    Set<TargetDialect> dialects,
    SqliteVersion sqliteMinVersion,
    Map<LintRule, LintSeverity> lint) {
  public static final String REGISTRY_PACKAGE = "retort.registryPackage";
  public static final String DEBUG = "retort.debug";
  public static final String DIALECTS = "retort.dialects";
  public static final String SQLITE_MIN_VERSION = "retort.sqliteMinVersion";

  public ProcessorOptions {
    Objects.requireNonNull(registryPackage, "registryPackage == null");
    dialects = Set.copyOf(dialects);
    Objects.requireNonNull(sqliteMinVersion, "sqliteMinVersion == null");
    lint = Map.copyOf(lint);
  }

  /** With every lock-safety rule at its default severity. */
  public ProcessorOptions(
      Optional<String> registryPackage,
      boolean debug,
      Set<TargetDialect> dialects,
      SqliteVersion sqliteMinVersion) {
    this(registryPackage, debug, dialects, sqliteMinVersion, defaultLint());
  }

  /** Each rule at its default severity. */
  public static Map<LintRule, LintSeverity> defaultLint() {
    return LintRule.defaults();
  }

  /** The names {@code getSupportedOptions()} declares, so javac does not warn about them. */
  public static Set<String> names() {
    Set<String> names = new HashSet<>(Set.of(REGISTRY_PACKAGE, DEBUG, DIALECTS, SQLITE_MIN_VERSION));
    names.add(LintRule.ALL_OPTION);
    for (LintRule rule : LintRule.values()) {
      names.add(rule.option());
    }
    return Set.copyOf(names);
  }

  /** Reads the options, reporting each invalid one to {@code diagnostics} (setting by name). */
  public static ProcessorOptions from(Map<String, String> options, Diagnostics diagnostics) {
    Optional<String> registryPackage = Optional.empty();
    if (options.containsKey(REGISTRY_PACKAGE)) {
      String value = options.get(REGISTRY_PACKAGE);
      // SourceVersion.isName: dotted identifiers, none a keyword. The unnamed package is refused:
      // user code could not import the registry from it.
      if (value != null && SourceVersion.isName(value)) {
        registryPackage = Optional.of(value);
      } else {
        diagnostics.error(
            Messages.invalidRegistryPackage(REGISTRY_PACKAGE, value == null ? "" : value));
      }
    }
    boolean debug = false;
    if (options.containsKey(DEBUG)) {
      String value = options.get(DEBUG);
      // A bare -Aretort.debug arrives with a null value and means true.
      if (value == null || value.equalsIgnoreCase("true")) {
        debug = true;
      } else if (!value.equalsIgnoreCase("false")) {
        diagnostics.error(Messages.invalidBoolean(DEBUG, value));
      }
    }
    return new ProcessorOptions(
        registryPackage,
        debug,
        dialects(options, diagnostics),
        sqliteMinVersion(options, diagnostics),
        lint(options, diagnostics));
  }

  private static Map<LintRule, LintSeverity> lint(
      Map<String, String> options, Diagnostics diagnostics) {
    Map<LintRule, LintSeverity> lint = defaultLint();
    Optional<LintSeverity> all = severity(options, LintRule.ALL_OPTION, diagnostics);
    for (LintRule rule : LintRule.values()) {
      LintSeverity severity =
          severity(options, rule.option(), diagnostics).or(() -> all).orElse(rule.defaultSeverity());
      lint.put(rule, severity);
    }
    // A misspelt rule would otherwise be ignored after javac's warning that no processor knows
    // the option, which a build scrolls past.
    for (String name : options.keySet()) {
      if (name.startsWith(LintRule.ALL_OPTION + ".")
          && LintRule.named(name.substring(LintRule.ALL_OPTION.length() + 1)).isEmpty()) {
        diagnostics.error(Messages.unknownLintOption(name));
      }
    }
    return lint;
  }

  private static Optional<LintSeverity> severity(
      Map<String, String> options, String option, Diagnostics diagnostics) {
    if (!options.containsKey(option)) {
      return Optional.empty();
    }
    String value = options.get(option) == null ? "" : options.get(option).strip();
    Optional<LintSeverity> severity = LintSeverity.named(value);
    if (severity.isEmpty()) {
      diagnostics.error(Messages.invalidLintSeverity(option, value));
    }
    return severity;
  }

  private static Set<TargetDialect> dialects(Map<String, String> options, Diagnostics diagnostics) {
    Set<TargetDialect> all = EnumSet.allOf(TargetDialect.class);
    if (!options.containsKey(DIALECTS)) {
      return all;
    }
    String value = options.get(DIALECTS) == null ? "" : options.get(DIALECTS);
    Set<TargetDialect> dialects = EnumSet.noneOf(TargetDialect.class);
    // -1 keeps trailing empty entries, so "postgresql," is refused like ",postgresql".
    for (String entry : value.split(",", -1)) {
      Optional<TargetDialect> dialect = TargetDialect.named(entry.strip());
      if (dialect.isEmpty()) {
        diagnostics.error(Messages.invalidDialects(DIALECTS, value, entry.strip()));
        return all;
      }
      dialects.add(dialect.get());
    }
    return dialects;
  }

  private static SqliteVersion sqliteMinVersion(
      Map<String, String> options, Diagnostics diagnostics) {
    if (!options.containsKey(SQLITE_MIN_VERSION)) {
      return SqliteVersion.DEFAULT_MINIMUM;
    }
    String value = options.get(SQLITE_MIN_VERSION) == null ? "" : options.get(SQLITE_MIN_VERSION);
    Optional<SqliteVersion> version = SqliteVersion.parse(value.strip());
    if (version.isEmpty()) {
      diagnostics.error(
          Messages.invalidSqliteVersion(
              SQLITE_MIN_VERSION, value, SqliteVersion.DEFAULT_MINIMUM.toString()));
      return SqliteVersion.DEFAULT_MINIMUM;
    }
    return version.get();
  }
}
