package dev.retort.commands;

import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Routes the runtime's log ({@code System.Logger} "dev.retort", JUL by default) to a front end's
 * output, masked by its {@link Redactor}. Only warnings and errors: the runtime's INFO lines say
 * what the progress lines of {@code upgrade} and {@code downgrade} already print.
 */
public final class RuntimeLog {
  private static final Logger LOGGER = Logger.getLogger("dev.retort");

  private RuntimeLog() {}

  /** Sends each warning line, prefixed with its level, to {@code sink}, through {@code redactor}. */
  public static void route(Redactor redactor, Consumer<String> sink) {
    for (Handler handler : LOGGER.getHandlers()) {
      LOGGER.removeHandler(handler);
    }
    LOGGER.setUseParentHandlers(false);
    LOGGER.setLevel(Level.WARNING);
    SimpleFormatter formatter = new SimpleFormatter();
    LOGGER.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (isLoggable(record)) {
              sink.accept(record.getLevel() + " " + redactor.redact(formatter.formatMessage(record)));
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }
}
