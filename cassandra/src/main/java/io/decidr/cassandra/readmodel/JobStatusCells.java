package io.decidr.cassandra.readmodel;

import io.decidr.domain.job.JobStatus;

/**
 * How a job's status is kept in the read model: the cells {@code base_status} and {@code started} (see
 * {@code V4__compute_jobs.cql} for why), and which cell values a status filter asks for.
 */
final class JobStatusCells {

    private JobStatusCells() {
    }

    /** The status the two cells stand for: {@code REQUESTED} once started is {@code RUNNING}. */
    static JobStatus status(String baseStatus, boolean started) {
        JobStatus base = JobStatus.valueOf(baseStatus);
        return base == JobStatus.REQUESTED && started ? JobStatus.RUNNING : base;
    }

    /** The {@code base_status} of jobs in {@code status}. */
    static String baseStatus(JobStatus status) {
        return switch (status) {
            case REQUESTED, RUNNING -> JobStatus.REQUESTED.name();
            case CANCELLING, COMPLETED, FAILED, CANCELLED, COMPENSATED -> status.name();
        };
    }

    /** The {@code started} of jobs in {@code status}, or null when a job in it may be either. */
    static Boolean started(JobStatus status) {
        return switch (status) {
            case REQUESTED -> false;
            case RUNNING -> true;
            case CANCELLING, COMPLETED, FAILED, CANCELLED, COMPENSATED -> null;
        };
    }
}
