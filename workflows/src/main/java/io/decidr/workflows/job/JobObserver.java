package io.decidr.workflows.job;

import io.decidr.domain.job.JobKind;

/**
 * What the compute jobs tell about their items, for metrics (items per second by kind and outcome). Called on the
 * activity's thread once per window of items: an implementation must be quick and must not throw. An item done again
 * by a retried chunk is told again (the job's own counters count it once).
 */
public interface JobObserver {

    /** Observes nothing. */
    JobObserver NONE = new JobObserver() {
    };

    /** A window of a job's items done: how many were created, updated, left unchanged, refused. */
    default void items(JobKind kind, long created, long updated, long unchanged, long refused) {
    }
}
