package dev.retort.samples.traininglog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sample as a user runs it: a fresh file upgraded at first start, untouched at the second. */
class TrainingLogTest {
  @TempDir Path tempDir;

  private String run(Path database) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Clock clock = Clock.fixed(Instant.parse("2026-11-23T07:30:00Z"), ZoneOffset.UTC);
    new TrainingLog(database, new PrintStream(bytes, true, StandardCharsets.UTF_8), clock).run();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void firstStart_upgradesTheFile_secondStart_hasNothingToDo() throws Exception {
    Path database = tempDir.resolve("training-log.db");

    assertEquals(
        """
        upgraded empty database -> b4d29e6f0a17:
          3f9a1c2e7b40  create athlete
          8d41be07a3c5  create workout
          5b0d8e3a6f12  create gear
          c27e5a9f1d08  add average heart rate
          e6a4f2b9c731  merge heart rate and gear; workouts name their gear
          1a7c93d5e2f8  index workouts by athlete and start
          b4d29e6f0a17  workouts reference their gear
        logged a 45-minute run at 148 bpm
        Ada has 1 workout, 45 minutes in all
        """,
        run(database));
    assertEquals(
        """
        database at head b4d29e6f0a17; nothing to upgrade
        logged a 45-minute run at 148 bpm
        Ada has 2 workouts, 90 minutes in all
        """,
        run(database));
  }
}
