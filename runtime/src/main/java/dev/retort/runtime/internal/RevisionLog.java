package dev.retort.runtime.internal;

import java.lang.System.Logger.Level;

/**
 * Writes the log lines of every revision through JUL directly where {@code System.Logger}'s
 * backend is the JDK's own {@code java.util.logging} (no other {@code System.LoggerFinder}
 * installed). A record from {@code System.Logger} reaches JUL without its source, and JUL's default
 * format then infers it with a stack walk for every line, a tenth of a millisecond a revision on a
 * cold JVM; {@link #log} gives the same logger ({@code dev.retort}), level and text with the source
 * filled in ({@link java.util.logging.Logger#logp}), so JUL prints what it would have inferred
 * without the walk. With any other backend it logs through the caller's {@code System.Logger}
 * as everywhere else. Callers build a line only once {@code isLoggable} says it is
 * written, as one string, so a line below the level costs nothing and a written one no {@code
 * MessageFormat}.
 */
final class RevisionLog {
  /** The JDK's default finder, in module java.logging, when nothing else is installed. */
  private static final String JDK_FINDER = "sun.util.logging.internal.LoggingProviderImpl";

  /** True when System.Logger's backend is JUL, so that {@link #log} may go to JUL directly. */
  private static final boolean JUL = backendIsJul();

  private RevisionLog() {}

  private static boolean backendIsJul() {
    try {
      return System.LoggerFinder.getLoggerFinder().getClass().getName().equals(JDK_FINDER);
    } catch (RuntimeException e) {
      return false; // a security manager that refuses: stay with System.Logger
    }
  }

  /**
   * Writes {@code message} at {@code level}: on JUL to {@code dev.retort}, logged from {@code
   * sourceMethod} of {@code source}; on any other backend through {@code logger}.
   */
  static void log(
      System.Logger logger, Level level, Class<?> source, String sourceMethod, String message) {
    if (JUL) {
      Jul.LOGGER.logp(Jul.level(level), source.getName(), sourceMethod, message);
    } else {
      logger.log(level, message);
    }
  }

  /** Apart, so that the JUL classes are linked only when JUL is the backend. */
  private static final class Jul {
    private static final java.util.logging.Logger LOGGER =
        java.util.logging.Logger.getLogger("dev.retort");

    /** The JDK's own mapping of System.Logger's levels to JUL's. */
    static java.util.logging.Level level(Level level) {
      return switch (level) {
        case ALL -> java.util.logging.Level.ALL;
        case TRACE -> java.util.logging.Level.FINER;
        case DEBUG -> java.util.logging.Level.FINE;
        case INFO -> java.util.logging.Level.INFO;
        case WARNING -> java.util.logging.Level.WARNING;
        case ERROR -> java.util.logging.Level.SEVERE;
        case OFF -> java.util.logging.Level.OFF;
      };
    }
  }
}
