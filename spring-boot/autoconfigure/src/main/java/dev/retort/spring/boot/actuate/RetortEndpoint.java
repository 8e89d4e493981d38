package dev.retort.spring.boot.actuate;

import dev.retort.runtime.CurrentRevisions;
import dev.retort.runtime.HistoryEntry;
import dev.retort.runtime.Retort;
import dev.retort.runtime.RetortConfig;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.dialect.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
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
        lastRuns(retort.config()));
  }

  /**
   * The newest {@value #LAST_RUNS} rows of the history table, with the dialect's own query; none
   * when the table does not exist yet (a database never migrated).
   */
  private static List<HistoryRun> lastRuns(RetortConfig config) {
    try (Connection connection = config.dataSource().getConnection()) {
      Dialect dialect = config.dialect() != null ? config.dialect() : Dialect.detect(connection);
      Deque<HistoryRun> newest = new ArrayDeque<>();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery(dialect.selectHistory(config.historyTable()))) {
        while (rows.next()) {
          newest.addFirst(
              new HistoryRun(
                  rows.getString("revision_id"),
                  rows.getString("action"),
                  rows.getString("checksum"),
                  instant(rows.getObject("applied_at")),
                  rows.getLong("duration_ms"),
                  rows.getString("applied_by")));
          if (newest.size() > LAST_RUNS) {
            newest.removeLast();
          }
        }
      } catch (SQLException e) {
        if (dialect.isUndefinedTable(e)) {
          return List.of();
        }
        throw e;
      }
      return List.copyOf(newest);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "could not read the history table " + config.historyTable() + ": " + e.getMessage(), e);
    }
  }

  /** PostgreSQL's timestamptz or SQLite's ISO-8601 UTC text, as ISO-8601 UTC text. */
  private static String instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Timestamp timestamp) {
      return timestamp.toInstant().toString();
    }
    if (value instanceof OffsetDateTime offset) {
      return offset.toInstant().toString();
    }
    String text = value.toString();
    try {
      return Instant.parse(text).toString();
    } catch (RuntimeException e) {
      return text;
    }
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
   * @param action upgrade, downgrade, stamp or accept
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
