package io.decidr.domain.job;

import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;

/**
 * A job as its events leave it: what the decider needs to follow the lifecycle and to tell a retried report
 * from a conflicting one. The parameters are left out (they can be large and no decision reads them).
 *
 * @param id          null until the job exists
 * @param kind        null until the job exists
 * @param collection  null until the job exists
 * @param requestedBy null until the job exists
 * @param status      null until the job exists
 * @param workflowId  the workflow that runs the job; null until it reported starting
 * @param done        items worked through; 0 until the first progress
 * @param total       all items; -1 while not known
 * @param lastError   the latest error the job got past; null when none
 * @param summary     what the job did; null unless completed
 * @param error       why the job stopped; null unless failed
 * @param restored    entities put back by compensation; 0 unless compensated
 */
public record JobState(
        boolean exists,
        JobId id,
        JobKind kind,
        CollectionId collection,
        UserId requestedBy,
        JobStatus status,
        String workflowId,
        long done,
        long total,
        String lastError,
        JobSummary summary,
        String error,
        long restored) {

    public static final int SCHEMA_VERSION = 1;

    /** A job nobody requested yet. */
    public static JobState initial() {
        return new JobState(false, null, null, null, null, null, null, 0, JobDecider.UNKNOWN_TOTAL, null, null, null, 0);
    }

    static JobState requested(JobId id, JobKind kind, CollectionId collection, UserId requestedBy) {
        return new JobState(true, id, kind, collection, requestedBy, JobStatus.REQUESTED, null, 0,
                JobDecider.UNKNOWN_TOTAL, null, null, null, 0);
    }

    /** Whether a workflow reported starting the job. */
    public boolean started() {
        return workflowId != null;
    }

    /** Started by {@code newWorkflowId}; a job whose cancel was already asked for stays {@code CANCELLING}. */
    public JobState withStart(String newWorkflowId, long newTotal) {
        JobStatus next = status == JobStatus.REQUESTED ? JobStatus.RUNNING : status;
        return new JobState(exists, id, kind, collection, requestedBy, next, newWorkflowId, done, newTotal,
                lastError, summary, error, restored);
    }

    public JobState withProgress(long newDone, long newTotal, String newLastError) {
        return new JobState(exists, id, kind, collection, requestedBy, status, workflowId, newDone, newTotal,
                newLastError, summary, error, restored);
    }

    public JobState withCancelRequested() {
        return withStatus(JobStatus.CANCELLING);
    }

    public JobState asCompleted(JobSummary jobSummary) {
        return new JobState(exists, id, kind, collection, requestedBy, JobStatus.COMPLETED, workflowId, done, total,
                lastError, jobSummary, error, restored);
    }

    public JobState asFailed(String failure) {
        return new JobState(exists, id, kind, collection, requestedBy, JobStatus.FAILED, workflowId, done, total,
                lastError, summary, failure, restored);
    }

    public JobState asCancelled() {
        return withStatus(JobStatus.CANCELLED);
    }

    public JobState asCompensated(long restoredEntities) {
        return new JobState(exists, id, kind, collection, requestedBy, JobStatus.COMPENSATED, workflowId, done, total,
                lastError, summary, error, restoredEntities);
    }

    private JobState withStatus(JobStatus next) {
        return new JobState(exists, id, kind, collection, requestedBy, next, workflowId, done, total, lastError,
                summary, error, restored);
    }
}
