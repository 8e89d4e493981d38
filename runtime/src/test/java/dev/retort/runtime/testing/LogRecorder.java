package dev.retort.runtime.testing;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what Retort logs through System.Logger (java.util.logging by default), at every level.
 */
public final class LogRecorder extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final List<String> lines = new ArrayList<>();

  private LogRecorder(String name) {
    this.logger = Logger.getLogger(name);
    this.previousLevel = logger.getLevel();
  }

  public static LogRecorder start() {
    return start("dev.retort");
  }

  /** Records logger {@code name} (a driver's, say) at every level. */
  public static LogRecorder start(String name) {
    LogRecorder recorder = new LogRecorder(name);
    recorder.logger.addHandler(recorder);
    recorder.logger.setLevel(Level.ALL);
    return recorder;
  }

  /** Every message so far, formatted, with the thrown exception's text appended. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    String message = record.getMessage();
    if (record.getParameters() != null) {
      message = MessageFormat.format(message, record.getParameters());
    }
    lines.add(message + (record.getThrown() == null ? "" : " " + record.getThrown()));
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}
