package dev.retort.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;

import com.palantir.javapoet.JavaFile;
import dev.retort.Revision;
import dev.retort.runtime.Migration;
import dev.retort.runtime.RevisionInfo;
import dev.retort.runtime.RevisionRegistry;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.jgrapht.Graph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code mvn compile} of a small project whose maven-compiler-plugin has {@code
 * useIncrementalCompilation=false}, so that after one file changes only that file is handed to
 * javac: the registry must still list every revision. Runs Maven offline against the local
 * repository the build itself uses; the processor comes from this module's class output through
 * {@code -processorpath}, so nothing is installed anywhere.
 */
class MavenPartialBuildTest {
  @TempDir Path root;

  @Test
  void oneFileRecompiledByMaven_registryListsEveryRevision() throws Exception {
    Path project = root.resolve("project");
    Path libs = Files.createDirectories(root.resolve("libs"));
    Path sources = Files.createDirectories(project.resolve("src/main/java/com/example/db"));
    Files.writeString(project.resolve("pom.xml"), pom(libs));
    write(sources, "CreateUsers", "@Revision(id = \"77b0\")", "CREATE TABLE users (id INT)");
    write(sources, "AddEmail", "@Revision(id = \"9c2e\", down = \"77b0\")", "SELECT 1");
    write(sources, "AddPhone", "@Revision(id = \"a1f3\", down = \"77b0\")", "SELECT 2");
    write(
        sources, "MergeHeads", "@Revision(id = \"d4e5\", down = {\"9c2e\", \"a1f3\"})", "SELECT 3");

    String first = mvn(project, "compile");
    assertThat(first).contains("Compiling 4 source files");
    assertThat(ids(project)).containsExactly("77b0", "9c2e", "a1f3", "d4e5").inOrder();

    // Edit the merge revision; a later modification time makes it the one stale source.
    write(
        sources, "MergeHeads", "@Revision(id = \"d4e5\", down = {\"9c2e\", \"a1f3\"})", "SELECT 4");
    Files.setLastModifiedTime(
        sources.resolve("MergeHeads.java"),
        FileTime.fromMillis(System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(1)));
    String second = mvn(project, "compile");

    assertThat(second).contains("Compiling 1 source file");
    assertThat(ids(project)).containsExactly("77b0", "9c2e", "a1f3", "d4e5").inOrder();
  }

  private static void write(Path sources, String name, String annotation, String sql)
      throws IOException {
    Files.writeString(
        sources.resolve(name + ".java"),
        """
        package com.example.db;

        import dev.retort.Revision;
        import dev.retort.runtime.Migration;
        import dev.retort.runtime.ops.Operations;

        %s
        public final class %s implements Migration {
          @Override
          public void upgrade(Operations op) {
            op.execute("%s");
          }
        }
        """
            .formatted(annotation, name, sql));
  }

  /**
   * The project's pom: the annotations and the runtime as system-scoped jars outside the project,
   * the processor and its libraries on {@code -processorpath}, plugin versions the reactor uses (so
   * that they are in the local repository for the offline run).
   */
  private static String pom(Path libs) throws Exception {
    Path annotations = jar(location(Revision.class), libs.resolve("retort-annotations.jar"));
    Path runtime = jar(location(Migration.class), libs.resolve("retort-runtime.jar"));
    List<String> processorPath = new ArrayList<>();
    processorPath.add(location(RevisionProcessor.class).toString());
    processorPath.add(location(JavaFile.class).toString());
    processorPath.add(location(Graph.class).toString());
    processorPath.add(annotations.toString());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.contains("jheaps") || entry.contains("apfloat")) {
        processorPath.add(entry); // JGraphT's own dependencies
      }
    }
    return """
           <project xmlns="http://maven.apache.org/POM/4.0.0">
             <modelVersion>4.0.0</modelVersion>
             <groupId>com.example</groupId>
             <artifactId>partial-build</artifactId>
             <version>1</version>
             <properties>
               <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
             </properties>
             <dependencies>
               <dependency>
                 <groupId>dev.retort</groupId>
                 <artifactId>retort-annotations</artifactId>
                 <version>0</version>
                 <scope>system</scope>
                 <systemPath>%s</systemPath>
               </dependency>
               <dependency>
                 <groupId>dev.retort</groupId>
                 <artifactId>retort-runtime</artifactId>
                 <version>0</version>
                 <scope>system</scope>
                 <systemPath>%s</systemPath>
               </dependency>
             </dependencies>
             <build>
               <plugins>
                 <plugin>
                   <groupId>org.apache.maven.plugins</groupId>
                   <artifactId>maven-resources-plugin</artifactId>
                   <version>3.3.1</version>
                 </plugin>
                 <plugin>
                   <groupId>org.apache.maven.plugins</groupId>
                   <artifactId>maven-compiler-plugin</artifactId>
                   <version>3.13.0</version>
                   <configuration>
                     <release>17</release>
                     <useIncrementalCompilation>false</useIncrementalCompilation>
                     <compilerArgs>
                       <arg>-processorpath</arg>
                       <arg>%s</arg>
                     </compilerArgs>
                   </configuration>
                 </plugin>
               </plugins>
             </build>
           </project>
           """
        .formatted(annotations, runtime, String.join(File.pathSeparator, processorPath));
  }

  /** Where {@code type} was loaded from: a jar, or a module's class output. */
  private static Path location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  /** {@code classes} as the jar {@code target}, or the jar itself when it is one. */
  private static Path jar(Path classes, Path target) throws IOException {
    if (Files.isRegularFile(classes)) {
      return classes;
    }
    try (OutputStream out = Files.newOutputStream(target);
        JarOutputStream jar = new JarOutputStream(out);
        Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        jar.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jar);
        jar.closeEntry();
      }
    }
    return target;
  }

  /**
   * Runs {@code mvn -o -B goal} in {@code project} against the local repository this build reads
   * its libraries from; returns the output, and fails with it unless Maven succeeded.
   */
  private String mvn(Path project, String goal) throws Exception {
    // <repository>/com/palantir/javapoet/javapoet/<version>/javapoet-<version>.jar
    Path repository =
        location(JavaFile.class)
            .getParent()
            .getParent()
            .getParent()
            .getParent()
            .getParent()
            .getParent();
    Path log = root.resolve("mvn-" + goal + "-" + System.nanoTime() + ".log");
    Process process =
        new ProcessBuilder("mvn", "-o", "-B", "-Dmaven.repo.local=" + repository, goal)
            .directory(project.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean finished = process.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertWithMessage(output).that(finished && process.exitValue() == 0).isTrue();
    return output;
  }

  /** The ids of the registry in the project's class output, loaded afresh. */
  private static List<String> ids(Path project) throws Exception {
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {project.resolve("target/classes").toUri().toURL()},
            MavenPartialBuildTest.class.getClassLoader())) {
      RevisionRegistry registry =
          (RevisionRegistry)
              loader.loadClass("com.example.db.RetortRegistry").getField("INSTANCE").get(null);
      return registry.revisions().stream().map(RevisionInfo::id).toList();
    }
  }
}
