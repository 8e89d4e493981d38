package dev.retort.benchmarks;

import dev.retort.benchmarks.child.EmptyChild;
import dev.retort.benchmarks.child.FloorChild;
import dev.retort.benchmarks.child.FlywayChild;
import dev.retort.benchmarks.child.LiquibaseChild;
import dev.retort.benchmarks.child.RetortChild;
import java.util.List;

/** What runs in a child JVM, with the class path a user of that tool would have. */
enum Tool {
  /** Plain JDBC: the floor of both apply-N and start-up. */
  FLOOR("plain JDBC (floor)", FloorChild.class.getName()),
  RETORT("Retort", RetortChild.class.getName()),
  FLYWAY("Flyway", FlywayChild.class.getName()),
  LIQUIBASE("Liquibase", LiquibaseChild.class.getName()),
  /** A JVM that only reports; start-up's reference for the JVM itself. */
  EMPTY("empty JVM (reference)", EmptyChild.class.getName());

  private final String label;
  private final String mainClass;

  Tool(String label, String mainClass) {
    this.label = label;
    this.mainClass = mainClass;
  }

  String label() {
    return label;
  }

  String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  String mainClass() {
    return mainClass;
  }

  boolean isFloor() {
    return this == FLOOR || this == EMPTY;
  }

  /** The jars, by artifact id, on this tool's class path besides the JDBC driver. */
  List<String> artifacts(String database) {
    return switch (this) {
      case FLOOR, EMPTY -> List.of();
      case RETORT -> List.of("retort-runtime", "retort-annotations");
      // What a Flyway user adds: the core, and for PostgreSQL its database module (which brings
      // CockroachDB's).
      case FLYWAY -> database.equals("postgres")
          ? List.of("flyway-core", "flyway-database-postgresql", "flyway-database-cockroachdb")
          : List.of("flyway-core");
      case LIQUIBASE -> List.of(
          "liquibase-core",
          "opencsv",
          "snakeyaml",
          "jaxb-api",
          "commons-collections4",
          "commons-text",
          "commons-lang3",
          "commons-io");
    };
  }

  /** JVM options beyond the defaults. */
  List<String> jvmOptions() {
    // Liquibase 4.30+ sends anonymous usage analytics by default; this machine has no route to
    // them, and waiting for a timeout would measure the network, not Liquibase.
    return this == LIQUIBASE ? List.of("-Dliquibase.analytics.enabled=false") : List.of();
  }
}
