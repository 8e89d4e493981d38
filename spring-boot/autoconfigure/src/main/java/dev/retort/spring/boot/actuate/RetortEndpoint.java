package dev.retort.spring.boot.actuate;

import dev.retort.runtime.CurrentRevisions;
import dev.retort.runtime.HistoryEntry;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RevisionInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.context.ApplicationContext;

/**
 * The {@code retort} actuator endpoint: for each {@link Retort} bean, what the version table holds,
 * this build's heads, the revisions not applied yet and the last runs recorded in the history
 * table. Like Boot's {@code flyway} endpoint, it lists the beans of the context and its ancestors.
 */
@Endpoint(id = "retort")
public class RetortEndpoint {
  /** How many history rows {@link RetortDescriptor#lastRuns()} shows, newest first. */
  public static final int LAST_RUNS = 20;

  private final ApplicationContext context;

  /** An endpoint over the Retort beans of {@code context} and its ancestors. */
  public RetortEndpoint(ApplicationContext context) {
    this.context = Objects.requireNonNull(context, "context == null");
  }

  /** Reads every Retort bean's database; opens one connection per bean and query. */
  @ReadOperation
  public RetortBeansDescriptor retortBeans() {
    Map<String, ContextRetortBeansDescriptor> contexts = new LinkedHashMap<>();
    for (ApplicationContext target = context; target != null; target = target.getParent()) {
      Map<String, RetortDescriptor> beans = new LinkedHashMap<>();
      target
          .getBeansOfType(Retort.class)
          .forEach((name, retort) -> beans.put(name, describe(retort)));
      ApplicationContext parent = target.getParent();
      contexts.put(
          target.getId(),
          new ContextRetortBeansDescriptor(beans, parent != null ? parent.getId() : null));
    }
    return new RetortBeansDescriptor(contexts);
  }

  private static RetortDescriptor describe(Retort retort) {
    CurrentRevisions current = retort.current();
    List<HistoryEntry> history = retort.history(); // newest first
    List<PendingRevision> pending = new ArrayList<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEntry entry = history.get(i);
      if (!entry.isApplied()) {
        pending.add(new PendingRevision(entry.id(), entry.message(), entry.className()));
      }
    }
    List<RevisionInfo> heads = retort.heads();
    return new RetortDescriptor(
        retort.config().versionTable(),
        current.revisions(),
        heads.stream().map(RevisionInfo::id).toList(),
        current.isAtHead(),
        pending,
        lastRuns(retort));
  }

  /** The newest {@value #LAST_RUNS} rows of the history table; none for a database never migrated. */
  private static List<HistoryRun> lastRuns(Retort retort) {
    return retort.historyRows().stream() // newest first
        .limit(LAST_RUNS)
        .map(
            row ->
                new HistoryRun(
                    row.revisionId(),
                    row.action(),
                    row.checksum(),
                    row.appliedAt().toString(),
                    row.duration().toMillis(),
                    row.appliedBy()))
        .toList();
  }

  /**
   * Every context's Retort beans, by context id.
   *
   * @param contexts the application context and its ancestors, by id
   */
  public record RetortBeansDescriptor(Map<String, ContextRetortBeansDescriptor> contexts)
      implements OperationResponseBody {}

  /**
   * The Retort beans of one context.
   *
   * @param retortBeans each Retort bean, by bean name
   * @param parentId the parent context's id, or null
   */
  public record ContextRetortBeansDescriptor(
      Map<String, RetortDescriptor> retortBeans, String parentId) {}

  /**
   * One Retort bean's database.
   *
   * @param versionTable the version table's name
   * @param current the ids the version table holds; empty for a database never migrated
   * @param heads this build's heads
   * @param atHead whether the database is at head
   * @param pending the revisions not applied yet, in the order an upgrade runs them
   * @param lastRuns the newest rows of the history table, newest first
   */
  public record RetortDescriptor(
      String versionTable,
      List<String> current,
      List<String> heads,
      boolean atHead,
      List<PendingRevision> pending,
      List<HistoryRun> lastRuns) {}

  /**
   * A revision the database does not have.
   *
   * @param id its id
   * @param message its message
   * @param className its class
   */
  public record PendingRevision(String id, String message, String className) {}

  /**
   * One row of the history table.
   *
   * @param revision the revision's id
   * @param action one of {@link dev.retort.runtime.HistoryRow}'s actions: upgrade, downgrade,
   *     stamp, accept, skip-up or skip-down
   * @param checksum the checksum recorded, or null
   * @param appliedAt when, as ISO-8601 UTC
   * @param durationMillis how long it ran
   * @param appliedBy the database user, or null (SQLite)
   */
  public record HistoryRun(
      String revision,
      String action,
      String checksum,
      String appliedAt,
      long durationMillis,
      String appliedBy) {}
}
