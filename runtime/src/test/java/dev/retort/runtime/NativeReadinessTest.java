package dev.retort.runtime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What a GraalVM native image needs from a library, checked on the runtime's own class files
 * (ArchUnit): nothing that static analysis cannot see. No reflection, no {@code Class.forName}, no
 * method-handle lookups by name, no dynamic proxies, no class loading or resource scanning; {@link
 * ServiceLoader} only where the registry is found, and covered by the reachability metadata the jar
 * ships. Each rule fails the build when code that breaks it is added.
 */
class NativeReadinessTest {
  private static final JavaClasses RUNTIME =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.retort");

  /** A call to one of {@code names} on {@code owner}. */
  private static DescribedPredicate<JavaCall<?>> callTo(Class<?> owner, String... names) {
    List<String> named = List.of(names);
    return DescribedPredicate.describe(
        owner.getSimpleName() + "." + named,
        call ->
            call.getTargetOwner().isEquivalentTo(owner)
                && named.contains(call.getTarget().getName()));
  }

  /** A call to any method of {@code owner} whose name starts with {@code prefix}. */
  private static DescribedPredicate<JavaCall<?>> callToPrefix(Class<?> owner, String prefix) {
    return DescribedPredicate.describe(
        owner.getSimpleName() + "." + prefix + "*",
        call ->
            call.getTargetOwner().isEquivalentTo(owner)
                && call.getTarget().getName().startsWith(prefix));
  }

  private static void check(ArchRule rule) {
    rule.check(RUNTIME);
  }

  @Test
  void classesWereImported() {
    // Guards against a vacuous pass: the rules below mean nothing on an empty import.
    assertNotNull(RUNTIME.get(Retort.class));
    assertNotNull(RUNTIME.get("dev.retort.runtime.internal.Migrator"));
  }

  @Test
  void noReflection() {
    check(
        noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("java.lang.reflect..")
            .because("a native image keeps only reflective access that metadata registers"));
  }

  @Test
  void noClassForNameOrReflectiveInstantiation() {
    check(
        noClasses()
            .should()
            .callCodeUnitWhere(callTo(Class.class, "forName", "newInstance"))
            .orShould()
            .callCodeUnitWhere(
                callTo(ClassLoader.class, "loadClass", "findClass", "defineClass"))
            .because("classes named at run time are invisible to static analysis"));
  }

  @Test
  void noMethodHandleLookupsByName() {
    check(
        noClasses()
            .should()
            .callCodeUnitWhere(callToPrefix(java.lang.invoke.MethodHandles.Lookup.class, "find"))
            .orShould()
            .callCodeUnitWhere(
                callTo(
                    java.lang.invoke.MethodHandles.class,
                    "lookup",
                    "privateLookupIn",
                    "publicLookup"))
            .because("a method handle found by name is reflection by another route"));
  }

  @Test
  void noDynamicProxies() {
    check(
        noClasses()
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(java.lang.reflect.Proxy.class, java.lang.reflect.InvocationHandler.class)
            .because("a native image cannot define proxy classes at run time"));
  }

  @Test
  void noClassPathScanning() {
    check(
        noClasses()
            .should()
            .callCodeUnitWhere(
                callTo(
                    ClassLoader.class,
                    "getResource",
                    "getResources",
                    "getResourceAsStream",
                    "resources",
                    "getSystemResource",
                    "getSystemResources",
                    "getSystemResourceAsStream"))
            .orShould()
            .callCodeUnitWhere(callTo(Class.class, "getResource", "getResourceAsStream"))
            .orShould()
            .dependOnClassesThat()
            .resideInAPackage("java.util.jar..")
            .because("the registry is generated at compile time; nothing is discovered"));
  }

  @Test
  void serviceLoaderOnlyWhereTheRegistryIsFound() {
    check(
        noClasses()
            .that()
            .doNotHaveFullyQualifiedName(RetortConfig.Builder.class.getName())
            .should()
            .dependOnClassesThat()
            .belongToAnyOf(ServiceLoader.class, ServiceLoader.Provider.class)
            .because(
                "ServiceLoader's one use is covered by the jar's reachability metadata; the"
                    + " explicit registry(...) needs none"));
  }

  @Test
  void reachabilityMetadata_namesTheServiceFileTheProcessorWrites() throws IOException {
    String path = "META-INF/native-image/dev.retort/retort-runtime/reachability-metadata.json";
    String json;
    try (InputStream in = Retort.class.getClassLoader().getResourceAsStream(path)) {
      assertNotNull(in, path);
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    Matcher glob = Pattern.compile("\"glob\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    Matcher condition = Pattern.compile("\"typeReached\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
    assertEquals(true, glob.find() && condition.find(), json);
    assertEquals("META-INF/services/" + RevisionRegistry.class.getName(), glob.group(1));
    // The condition names the class that calls ServiceLoader, by its binary name.
    assertEquals(RetortConfig.Builder.class.getName(), condition.group(1));
    assertEquals(false, glob.find(), "one entry only: " + json);
  }
}
