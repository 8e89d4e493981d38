package dev.retort.processor;

import dev.retort.processor.validation.Diagnostics;
import dev.retort.processor.validation.Messages;
import java.util.Map;
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
 * </ul>
 *
 * @param registryPackage the package option, when given and valid
 * @param debug whether to print stack traces of processor failures
 */
public record ProcessorOptions(Optional<String> registryPackage, boolean debug) {
  public static final String REGISTRY_PACKAGE = "retort.registryPackage";
  public static final String DEBUG = "retort.debug";

  /** The names {@code getSupportedOptions()} declares, so javac does not warn about them. */
  public static Set<String> names() {
    return Set.of(REGISTRY_PACKAGE, DEBUG);
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
    return new ProcessorOptions(registryPackage, debug);
  }
}
