package dev.retort.benchmarks;

import dev.retort.benchmarks.child.LiquibaseChild;
import dev.retort.benchmarks.child.Schema;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * One history of N revisions written out for every tool: Retort revision sources (one chain),
 * Flyway {@code V<i>__t<i>.sql} files and one Liquibase formatted-SQL changelog. Each revision
 * creates one table with the same DDL text ({@link Schema#ddl}).
 */
final class Workload {
  private final int n;
  private final Path root;

  private Workload(int n, Path root) {
    this.n = n;
    this.root = root;
  }

  /** Writes the history of {@code n} revisions under {@code root}. */
  static Workload write(Path root, int n) throws IOException {
    Workload workload = new Workload(n, root);
    workload.writeRevisions();
    workload.writeFlyway();
    workload.writeLiquibase();
    return workload;
  }

  int n() {
    return n;
  }

  /** The file listing every revision source, one path a line, for javac. */
  Path sourceList() {
    return root.resolve("sources.txt");
  }

  Path flywayLocation() {
    return root.resolve("flyway");
  }

  Path liquibaseDirectory() {
    return root.resolve("liquibase");
  }

  /** Where the revisions compiled with the processor go (for the Retort children). */
  Path classes() {
    return root.resolve("classes");
  }

  private void writeRevisions() throws IOException {
    Path packageDir = root.resolve("src").resolve(Schema.REVISIONS_PACKAGE.replace('.', '/'));
    Files.createDirectories(packageDir);
    Set<String> ids = new HashSet<>();
    try (BufferedWriter list = Files.newBufferedWriter(sourceList(), StandardCharsets.UTF_8)) {
      for (int i = 1; i <= n; i++) {
        if (!ids.add(Schema.id(i))) {
          throw new IllegalStateException("revision id " + Schema.id(i) + " repeats at " + i);
        }
        Path file = packageDir.resolve(Schema.className(i) + ".java");
        Files.writeString(file, revisionSource(i), StandardCharsets.UTF_8);
        list.write(file.toString());
        list.newLine();
      }
    }
  }

  /** A revision as a user writes it (see the README's example). */
  static String revisionSource(int i) {
    String down = i == 1 ? "" : ", down = \"" + Schema.id(i - 1) + "\"";
    return """
        package %s;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        @Revision(id = "%s"%s, message = "create t%d")
        public final class %s implements Migration {
          @Override
          public void upgrade(Operations op) {
            op.execute("%s");
          }

          @Override
          public void downgrade(Operations op) {
            op.execute("DROP TABLE t%d");
          }
        }
        """
        .formatted(
            Schema.REVISIONS_PACKAGE,
            Schema.id(i),
            down,
            i,
            Schema.className(i),
            Schema.ddl(i),
            i);
  }

  private void writeFlyway() throws IOException {
    Files.createDirectories(flywayLocation());
    for (int i = 1; i <= n; i++) {
      Files.writeString(
          flywayLocation().resolve("V" + i + "__t" + i + ".sql"),
          Schema.ddl(i) + ";\n",
          StandardCharsets.UTF_8);
    }
  }

  private void writeLiquibase() throws IOException {
    Files.createDirectories(liquibaseDirectory());
    try (BufferedWriter out =
        Files.newBufferedWriter(
            liquibaseDirectory().resolve(LiquibaseChild.CHANGELOG), StandardCharsets.UTF_8)) {
      out.write("--liquibase formatted sql\n");
      for (int i = 1; i <= n; i++) {
        out.write("\n--changeset bench:" + i + "\n" + Schema.ddl(i) + ";\n");
      }
    }
  }
}
