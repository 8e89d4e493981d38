package dev.retort.runtime.lock;

import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

import dev.retort.runtime.LockTimeoutException;
import dev.retort.runtime.RetortException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;

/**
 * An operating-system file lock on {@code <database>.retort-lock}, beside the SQLite database: the
 * migration lock across a revision that runs outside a transaction, where SQLite's own write lock
 * cannot be held.
 *
 * <p>The operating system releases the lock when the process that holds it ends, however it ends,
 * so a killed migration never leaves it behind (unlike a lock row in a table, Liquibase's stuck
 * lock). The file itself stays: deleting a lock file while another process waits on it would let
 * two processes lock two different files. It holds the holder's pid and start time, for the message
 * of whoever waits.
 *
 * <p>{@link FileChannel#tryLock()} is per JVM: another thread of this JVM holding the lock shows as
 * an {@link OverlappingFileLockException}, which is waited out in the same way.
 */
final class SqliteFileLock implements MigrationLock.Held {
  private static final System.Logger LOG = System.getLogger("dev.retort");
  private static final long FIRST_POLL_MILLIS = 10;
  private static final long MAX_POLL_MILLIS = 250;

  /** What is appended to the database file's name to name the lock file. */
  static final String SUFFIX = ".retort-lock";

  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private SqliteFileLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code file}, creating it if needed, waiting up to {@code timeout}.
   *
   * @throws LockTimeoutException when another process or thread still holds it after {@code
   *     timeout}
   */
  static SqliteFileLock acquire(Path file, Duration timeout) {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new RetortException(
          "could not open the migration lock file "
              + file
              + " ("
              + e
              + "), which guards revisions that run outside a transaction on SQLite; make its"
              + " directory writable for this process",
          e);
    }
    try {
      long deadline = System.nanoTime() + timeout.toNanos();
      long pollMillis = FIRST_POLL_MILLIS;
      boolean logged = false;
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          SqliteFileLock held = new SqliteFileLock(file, channel, lock);
          held.writeHolder();
          return held;
        }
        if (!logged) {
          LOG.log(INFO, "waiting for the migration lock file {0}, held by {1}", file, holder(file));
          logged = true;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new LockTimeoutException(
              "could not take the migration lock file "
                  + file
                  + " within "
                  + timeout
                  + " (setting lockTimeout): it is held by "
                  + holder(file)
                  + ", which is running a revision outside a transaction; wait for that migration"
                  + " to finish, or raise lockTimeout (the lock ends with its process, so a killed"
                  + " migration does not leave it behind)");
        }
        sleep(Math.min(pollMillis, Math.max(1, left / 1_000_000)));
        pollMillis = Math.min(pollMillis * 2, MAX_POLL_MILLIS);
      }
    } catch (RuntimeException e) {
      try {
        channel.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private static FileLock tryLock(FileChannel channel) {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null; // another thread of this JVM holds it
    } catch (IOException e) {
      throw new RetortException(
          "could not lock the migration lock file ("
              + e
              + "); its file system may not support locks, which SQLite's own locking needs too",
          e);
    }
  }

  /** Records who holds the lock, for the message of a process that waits. */
  private void writeHolder() {
    String text = "pid " + ProcessHandle.current().pid() + " (since " + Instant.now() + ")\n";
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      // Only the waiting side's message loses its detail.
      LOG.log(WARNING, "could not write the holder into " + file + ": " + e.getMessage());
    }
  }

  /** Who holds the lock, as its holder wrote it: "pid 4242 (since 2026-12-01T23:00:00Z)". */
  private static String holder(Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return text.isEmpty() ? "another process" : text;
    } catch (IOException e) {
      return "another process"; // a file system whose locks also bar reading
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockTimeoutException("interrupted while waiting for the migration lock file");
    }
  }

  /** Releases the lock; never throws, since the process's end would release it anyway. */
  @Override
  public void close() {
    try (channel) {
      lock.release();
    } catch (IOException e) {
      LOG.log(WARNING, "could not release the migration lock file " + file + ": " + e.getMessage());
    }
  }
}
