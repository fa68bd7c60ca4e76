package io.decidr.workflows.job;

import io.temporal.activity.ActivityExecutionContext;

/**
 * What one kind of compute job does, for the job's activities ({@link ComputeJobActivities}) that run its life: how
 * many items it has, where its chunks start, one chunk, and how to take back what it did. One instance per job, made
 * from its parameters ({@link #of}). Every item is written by a command whose id the job and the item fix, so a
 * chunk that runs again after a crash changes nothing more.
 */
interface JobWork {

    /** Readies the job (an import claims its upload) and answers how many items it has. */
    long begin(JobInput job);

    /** Where the next {@code chunks} chunks start from {@code from}. */
    ChunkPlan plan(JobInput job, String from, int chunks);

    /** Works through the chunk starting at {@code from}, heartbeating its progress; a retry resumes from it. */
    ChunkResult process(JobInput job, String from, ActivityExecutionContext context);

    /** Takes back what the job did, as far as nobody changed it since; answers how many items it put back. */
    long compensate(JobInput job, ActivityExecutionContext context);

    static JobWork of(JobParameters parameters, JobChunks chunks) {
        return switch (parameters) {
            case JobParameters.Import i -> new ImportJob(i, chunks);
            case JobParameters.Formula f -> new FormulaJob(f, chunks);
            case JobParameters.Rollup r -> new RollupJob(r, chunks);
        };
    }
}
