package io.decidr.workflows.job;

import io.temporal.activity.ActivityInterface;

/** The steps of a compute job. Every one is idempotent: its commands carry ids derived from the job and the item. */
@ActivityInterface
public interface JobActivities {

    /** Records the job's start (with this workflow's id and run) and answers how many items it will work through. */
    long begin(JobInput job);

    /**
     * Plans up to {@code chunks} chunks from {@code from} on (a position {@link #process} takes): their starts and where
     * the chunk after them starts. Reads, never writes.
     */
    ChunkPlan plan(JobInput job, String from, int chunks);

    /**
     * Works through the items from {@code from} for a bounded time, heartbeating its position and counts after each
     * item ({@link ChunkProgress}); a retry after a worker died resumes from the last heartbeat, with its counts.
     */
    ChunkResult process(JobInput job, String from);

    /** Records progress on the job (a lower {@code done} than recorded changes nothing). */
    void progress(JobInput job, JobCounters counters);

    void complete(JobInput job, JobCounters counters);

    void fail(JobInput job, String error);

    /**
     * Undoes what the job did: an import archives the entities it created (unless {@code keepPartial}), FORMULA and
     * ROLLUP put back each value they replaced, where nobody changed it since. Heartbeats; answers how many it
     * restored.
     */
    long compensate(JobInput job);

    /** Records the end of a cancelled job: compensated (with how many were restored), or cancelled when nothing was undone. */
    void cancelled(JobInput job, long restored, boolean compensated);
}
