package dev.retort.processor.validation;

import dev.retort.processor.model.RevisionGraph;
import dev.retort.processor.model.RevisionModel;
import dev.retort.processor.validation.body.MethodCall;
import dev.retort.processor.validation.body.RevisionBodyScanner;
import dev.retort.processor.validation.body.SourcePosition;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The lock-safety rules ({@link LintRule}) for revisions that may run on PostgreSQL: statements
 * that hold a lock on a busy table for as long as a scan, a rewrite or an index build takes, or
 * that break the application still running, each reported at its call with the lock, how long it is
 * held, and the safe sequence.
 *
 * <p>Reports only what it can prove. The calls read are those {@link RevisionBodyScanner} lists in
 * {@code upgrade} (a downgrade undoes the revision on a schema the graph does not describe),
 * made on the revision method's {@code op} and run on every pass (no lambda, loop, branch or local
 * class, so a body inside {@code batchAlterTable} or {@code if (op.dialect() == ...)} is not
 * checked): typed operations with constant names and builder chains whose every call is known, and
 * {@code execute} with constant SQL. Most rules concern a table that exists before the revision:
 * one that an earlier revision (an ancestor in the graph that may run on PostgreSQL) creates, and
 * this one does not create itself before the call. A table created in the same revision is exempt:
 * it is empty, and nobody else sees it before the commit. With an incomplete or cyclic graph, or
 * duplicate ids, nothing is known of earlier revisions and only the rules that need no history run.
 *
 * <p>A revision opts out of a rule with {@code @Revision(allow = @Revision.Allow(rule = ..., reason
 * = ...))}, for all its calls or those on one table; the reason must not be blank, and the rule
 * must exist ({@code [Retort/InvalidAllow]}, an error whatever the severities). Each rule reports
 * at the severity of {@code -Aretort.lint.<rule>}.
 */
final class LockSafetyValidator implements GraphValidator {
  private final RevisionBodyScanner bodies;
  private final Set<TargetDialect> dialects;
  private final Map<LintRule, LintSeverity> lint;

  LockSafetyValidator(
      RevisionBodyScanner bodies, Set<TargetDialect> dialects, Map<LintRule, LintSeverity> lint) {
    this.bodies = bodies;
    this.dialects = Set.copyOf(dialects);
    this.lint = Map.copyOf(lint);
  }

  @Override
  public String name() {
    return "Retort/LockSafety";
  }

  /** An event and the call it came from. */
  private record Located(SchemaEvent event, MethodCall call) {}

  @Override
  public void validate(RevisionGraph graph, Diagnostics diagnostics) {
    for (RevisionModel revision : graph.declarations()) {
      checkAllows(revision, diagnostics);
    }
    if (lint.values().stream().allMatch(severity -> severity == LintSeverity.OFF)) {
      return;
    }
    Map<RevisionModel, List<Located>> events = new IdentityHashMap<>();
    for (RevisionModel revision : graph.declarations()) {
      if (mayRunOnPostgres(revision)) {
        events.put(revision, events(revision));
      }
    }
    History history =
        graph.isComplete() && graph.isAcyclic() && graph.duplicatedIds().isEmpty()
            ? new History(graph, events)
            : null;
    for (RevisionModel revision : graph.declarations()) {
      if (events.containsKey(revision)) {
        new Walk(revision, history, diagnostics).run(events.get(revision));
      }
    }
  }

  private void checkAllows(RevisionModel revision, Diagnostics diagnostics) {
    for (RevisionModel.Allow allow : revision.allows()) {
      if (LintRule.named(allow.rule()).isEmpty()) {
        diagnostics.error(
            Messages.unknownAllowRule(
                revision,
                allow.rule(),
                Suggestions.didYouMean(
                    allow.rule(),
                    java.util.Arrays.stream(LintRule.values()).map(LintRule::ruleName).toList())),
            revision,
            allow.ruleValue());
      } else if (allow.reason().isBlank()) {
        diagnostics.error(
            Messages.blankAllowReason(revision, allow.rule()),
            revision.type(),
            allow.mirror(),
            null);
      }
    }
  }

  private boolean mayRunOnPostgres(RevisionModel revision) {
    return revision.dialects().isEmpty()
        ? dialects.contains(TargetDialect.POSTGRESQL)
        : revision.dialects().contains(TargetDialect.POSTGRESQL.optionName());
  }

  private List<Located> events(RevisionModel revision) {
    List<Located> located = new ArrayList<>();
    for (MethodCall call : bodies.calls(revision.type())) {
      // The upgrade alone: a downgrade undoes this revision on a schema the graph does not
      // describe, and its drops must not count as this revision's effects.
      if (!call.revisionMethod().equals("upgrade")) {
        continue;
      }
      for (SchemaEvent event : SchemaEvent.of(call)) {
        located.add(new Located(event, call));
      }
    }
    return located;
  }

  private static String key(String table, String column) {
    return table + '\0' + column;
  }

  /** What the revisions before each one did, as far as it is proven. */
  private static final class History {
    private final Map<String, Integer> index = new HashMap<>();
    private final List<RevisionModel> revisions = new ArrayList<>();
    private final List<BitSet> ancestors = new ArrayList<>();
    private final Map<String, List<Integer>> creators = new HashMap<>();

    /** The last type each revision gives a column; empty for unknown (dropped, renamed, ...). */
    private final Map<String, Map<Integer, Optional<PostgresType>>> types = new HashMap<>();

    private final Map<String, List<Integer>> tableResets = new HashMap<>();
    private final Map<String, List<Integer>> notNullChecks = new HashMap<>();

    History(RevisionGraph graph, Map<RevisionModel, List<Located>> events) {
      for (String id : graph.topologicalOrder()) {
        int i = revisions.size();
        index.put(id, i);
        RevisionModel revision = graph.get(id);
        revisions.add(revision);
        BitSet before = new BitSet();
        for (String parent : graph.parents(id)) {
          int p = index.get(parent);
          before.or(ancestors.get(p));
          before.set(p);
        }
        ancestors.add(before);
        for (Located located : events.getOrDefault(revision, List.of())) {
          record(i, located.event(), located.call().isUnconditional());
        }
      }
    }

    private void record(int i, SchemaEvent event, boolean proven) {
      if (event instanceof SchemaEvent.CreateTable create) {
        if (proven) {
          creators.computeIfAbsent(create.table(), t -> new ArrayList<>()).add(i);
        }
        for (SchemaEvent.Column column : create.columns()) {
          type(i, create.table(), column.name(), proven ? column.type() : Optional.empty());
        }
      } else if (event instanceof SchemaEvent.RenameTable rename) {
        tableResets.computeIfAbsent(rename.from(), t -> new ArrayList<>()).add(i);
        tableResets.computeIfAbsent(rename.to(), t -> new ArrayList<>()).add(i);
        if (proven) {
          creators.computeIfAbsent(rename.to(), t -> new ArrayList<>()).add(i);
        }
      } else if (event instanceof SchemaEvent.DropTable drop) {
        tableResets.computeIfAbsent(drop.table(), t -> new ArrayList<>()).add(i);
      } else if (event instanceof SchemaEvent.AddColumn add) {
        type(i, add.table(), add.column().name(), proven ? add.column().type() : Optional.empty());
      } else if (event instanceof SchemaEvent.AlterType alter) {
        type(i, alter.table(), alter.column(), proven ? alter.type() : Optional.empty());
      } else if (event instanceof SchemaEvent.DropColumn drop) {
        type(i, drop.table(), drop.column(), Optional.empty());
      } else if (event instanceof SchemaEvent.RenameColumn rename) {
        type(i, rename.table(), rename.from(), Optional.empty());
        type(i, rename.table(), rename.to(), Optional.empty());
      } else if (event instanceof SchemaEvent.AddConstraint add && add.notNullColumn() != null) {
        notNullChecks
            .computeIfAbsent(key(add.table(), add.notNullColumn()), k -> new ArrayList<>())
            .add(i);
      }
    }

    private void type(int i, String table, String column, Optional<PostgresType> type) {
      types.computeIfAbsent(key(table, column), k -> new HashMap<>()).put(i, type);
    }

    /** The earliest revision before {@code revision} that creates {@code table}, if any. */
    Optional<RevisionModel> creatorBefore(RevisionModel revision, String table) {
      BitSet before = ancestors.get(index.get(revision.id()));
      for (int creator : creators.getOrDefault(table, List.of())) {
        if (before.get(creator)) {
          return Optional.of(revisions.get(creator));
        }
      }
      return Optional.empty();
    }

    boolean notNullCheckBefore(RevisionModel revision, String table, String column) {
      BitSet before = ancestors.get(index.get(revision.id()));
      return notNullChecks.getOrDefault(key(table, column), List.of()).stream()
          .anyMatch(before::get);
    }

    /**
     * The column's type before {@code revision}: the type the one latest earlier revision to set it
     * gave it, unless a later one dropped or renamed the table; empty when that is not one
     * revision, or not known.
     */
    Optional<PostgresType> typeBefore(RevisionModel revision, String table, String column) {
      BitSet before = ancestors.get(index.get(revision.id()));
      Map<Integer, Optional<PostgresType>> setters = new HashMap<>();
      types
          .getOrDefault(key(table, column), Map.of())
          .forEach(
              (i, type) -> {
                if (before.get(i)) {
                  setters.put(i, type);
                }
              });
      for (int reset : tableResets.getOrDefault(table, List.of())) {
        if (before.get(reset)) {
          setters.put(reset, Optional.empty());
        }
      }
      List<Integer> latest =
          setters.keySet().stream()
              .filter(i -> setters.keySet().stream().noneMatch(j -> ancestors.get(j).get(i)))
              .toList();
      return latest.size() == 1 ? setters.get(latest.get(0)) : Optional.empty();
    }
  }

  /** One revision's calls, in order, with what it did so far. */
  private final class Walk {
    private final RevisionModel revision;
    private final History history;
    private final Diagnostics diagnostics;
    private final Set<String> createdHere = new HashSet<>();
    private final Set<String> columnsHere = new HashSet<>();
    private final Set<String> indexesHere = new HashSet<>();
    private final Set<String> notNullHere = new HashSet<>();
    private final Map<String, Optional<PostgresType>> typesHere = new HashMap<>();

    Walk(RevisionModel revision, History history, Diagnostics diagnostics) {
      this.revision = revision;
      this.history = history;
      this.diagnostics = diagnostics;
    }

    void run(List<Located> events) {
      for (Located located : events) {
        if (located.call().isUnconditional()) {
          check(located.event(), located.call().position());
        }
        remember(located.event(), located.call().isUnconditional());
      }
    }

    /** The evidence that {@code table} existed before this revision, or empty when not proven. */
    private Optional<String> existing(String table) {
      if (history == null || createdHere.contains(table)) {
        return Optional.empty();
      }
      return history
          .creatorBefore(revision, table)
          .map(creator -> Messages.createdBy(table, creator));
    }

    private void check(SchemaEvent event, SourcePosition at) {
      if (event instanceof SchemaEvent.CreateIndex create && !create.concurrent()) {
        existing(create.table())
            .ifPresent(
                evidence ->
                    report(
                        LintRule.NON_CONCURRENT_INDEX,
                        create.table(),
                        at,
                        () ->
                            Messages.nonConcurrentIndex(
                                revision,
                                create.index(),
                                create.table(),
                                create.unique(),
                                evidence)));
      } else if (event instanceof SchemaEvent.DropIndex drop
          && !drop.concurrent()
          && !indexesHere.contains(drop.index())) {
        report(
            LintRule.NON_CONCURRENT_INDEX_DROP,
            null,
            at,
            () -> Messages.nonConcurrentIndexDrop(revision, drop.index()));
      } else if (event instanceof SchemaEvent.AddConstraint add) {
        Optional<String> evidence = existing(add.table());
        if (evidence.isEmpty()) {
          return;
        }
        if (add.kind().equals("UNIQUE")) {
          report(
              LintRule.UNIQUE_WITHOUT_INDEX,
              add.table(),
              at,
              () -> Messages.uniqueWithoutIndex(revision, add.name(), add.table(), evidence.get()));
        } else if (!add.notValid()) {
          report(
              LintRule.CONSTRAINT_WITHOUT_NOT_VALID,
              add.table(),
              at,
              () ->
                  Messages.constraintWithoutNotValid(
                      revision, add.kind(), add.name(), add.table(), evidence.get()));
        }
      } else if (event instanceof SchemaEvent.SetNotNull set) {
        String column = key(set.table(), set.column());
        if (notNullHere.contains(column)
            || columnsHere.contains(column)
            || history == null
            || history.notNullCheckBefore(revision, set.table(), set.column())) {
          return;
        }
        existing(set.table())
            .ifPresent(
                evidence ->
                    report(
                        LintRule.SET_NOT_NULL,
                        set.table(),
                        at,
                        () -> Messages.setNotNull(revision, set.table(), set.column(), evidence)));
      } else if (event instanceof SchemaEvent.AlterType alter && alter.type().isPresent()) {
        Optional<String> evidence = existing(alter.table());
        String column = key(alter.table(), alter.column());
        if (evidence.isEmpty() || columnsHere.contains(column)) {
          return;
        }
        Optional<PostgresType> old =
            typesHere.containsKey(column)
                ? typesHere.get(column)
                : history.typeBefore(revision, alter.table(), alter.column());
        PostgresType to = alter.type().get();
        if (old.isPresent() && to.rewritesFrom(old.get()).orElse(false)) {
          report(
              LintRule.COLUMN_TYPE_REWRITE,
              alter.table(),
              at,
              () ->
                  Messages.columnTypeRewrite(
                      revision,
                      alter.table(),
                      alter.column(),
                      old.get().toString(),
                      to.toString(),
                      evidence.get()));
        }
      } else if (event instanceof SchemaEvent.AddColumn add && add.rewrite() != null) {
        existing(add.table())
            .ifPresent(
                evidence ->
                    report(
                        LintRule.REWRITING_ADD_COLUMN,
                        add.table(),
                        at,
                        () ->
                            Messages.rewritingAddColumn(
                                revision,
                                add.table(),
                                add.column().name(),
                                add.rewrite(),
                                evidence)));
      } else if (event instanceof SchemaEvent.DropTable drop) {
        incompatible(drop.table(), null, "drops table " + drop.table(), drop.table(), at);
      } else if (event instanceof SchemaEvent.RenameTable rename) {
        incompatible(
            rename.from(),
            null,
            "renames table " + rename.from() + " to " + rename.to(),
            rename.from(),
            at);
      } else if (event instanceof SchemaEvent.DropColumn drop) {
        incompatible(
            drop.table(),
            drop.column(),
            "drops column " + drop.column() + " of " + drop.table(),
            drop.column(),
            at);
      } else if (event instanceof SchemaEvent.RenameColumn rename) {
        incompatible(
            rename.table(),
            rename.from(),
            "renames column " + rename.from() + " of " + rename.table() + " to " + rename.to(),
            rename.from(),
            at);
      } else if (event instanceof SchemaEvent.TypeUse use) {
        String where = "column " + use.column() + " of " + use.table();
        if (use.type().name().equals("json")) {
          report(
              LintRule.PREFER_JSONB, use.table(), at, () -> Messages.preferJsonb(revision, where));
        } else if (use.type().name().equals("timestamp")) {
          report(
              LintRule.PREFER_TIMESTAMPTZ,
              use.table(),
              at,
              () -> Messages.preferTimestamptz(revision, where));
        }
      }
    }

    private void incompatible(
        String table, String column, String what, String name, SourcePosition at) {
      if (column != null && columnsHere.contains(key(table, column))) {
        return;
      }
      existing(table)
          .ifPresent(
              evidence ->
                  report(
                      LintRule.BACKWARD_INCOMPATIBLE,
                      table,
                      at,
                      () -> Messages.backwardIncompatible(revision, what, name, evidence)));
    }

    private void remember(SchemaEvent event, boolean proven) {
      if (event instanceof SchemaEvent.CreateTable create) {
        createdHere.add(create.table());
        for (SchemaEvent.Column column : create.columns()) {
          typesHere.put(
              key(create.table(), column.name()), proven ? column.type() : Optional.empty());
        }
      } else if (event instanceof SchemaEvent.RenameTable rename) {
        createdHere.add(rename.to()); // its history is another table's: nothing is proven of it
      } else if (event instanceof SchemaEvent.CreateIndex create) {
        indexesHere.add(create.index());
      } else if (event instanceof SchemaEvent.AddColumn add) {
        String column = key(add.table(), add.column().name());
        columnsHere.add(column);
        typesHere.put(column, proven ? add.column().type() : Optional.empty());
      } else if (event instanceof SchemaEvent.AlterType alter) {
        typesHere.put(key(alter.table(), alter.column()), proven ? alter.type() : Optional.empty());
      } else if (event instanceof SchemaEvent.RenameColumn rename) {
        typesHere.put(key(rename.table(), rename.from()), Optional.empty());
        typesHere.put(key(rename.table(), rename.to()), Optional.empty());
      } else if (event instanceof SchemaEvent.AddConstraint add && add.notNullColumn() != null) {
        notNullHere.add(key(add.table(), add.notNullColumn()));
      }
    }

    private void report(
        LintRule rule, String table, SourcePosition at, java.util.function.Supplier<String> text) {
      LintSeverity severity = lint.getOrDefault(rule, rule.defaultSeverity());
      if (severity == LintSeverity.OFF || allowed(rule, table)) {
        return;
      }
      diagnostics.report(severity, text.get(), at);
    }

    private boolean allowed(LintRule rule, String table) {
      for (RevisionModel.Allow allow : revision.allows()) {
        if (allow.rule().equals(rule.ruleName())
            && !allow.reason().isBlank()
            && (allow.table().isEmpty() || allow.table().equalsIgnoreCase(table))) {
          return true;
        }
      }
      return false;
    }
  }
}
