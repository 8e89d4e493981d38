package dev.retort.runtime;

import java.time.Instant;

/**
 * A backfill ({@link dev.retort.runtime.ops.Operations#backfill}) that has started and whose
 * revision is not yet recorded: one row of Retort's backfill table, as {@link Retort#backfills()}
 * returns it. A row that is not {@link #done} belongs to a run that is going on, or one that was
 * killed and resumes from {@link #lastKey} on the next upgrade. The row is deleted in the
 * transaction that records its revision.
 *
 * @param revisionId the revision running the backfill
 * @param direction whether it runs in the revision's upgrade or downgrade
 * @param name the backfill's name within the revision, e.g. {@code update workout}
 * @param lastKey the key of the last row of the last committed chunk, as a JSON array (e.g. {@code
 *     [12000]} or {@code ["2026-11", 7]}); null before the first chunk
 * @param rowsDone the rows changed by the committed chunks, over every run
 * @param chunksDone the committed chunks, over every run
 * @param done whether the last chunk is committed (the revision is then recorded next)
 * @param startedAt when the first chunk was committed, by the database's clock
 * @param updatedAt when the last chunk was committed
 */
public record BackfillProgress(
    String revisionId,
    Direction direction,
    String name,
    String lastKey,
    long rowsDone,
    long chunksDone,
    boolean done,
    Instant startedAt,
    Instant updatedAt) {}
