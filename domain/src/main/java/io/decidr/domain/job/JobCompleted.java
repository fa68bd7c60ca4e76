package io.decidr.domain.job;

/** The job finished its work. */
public record JobCompleted(JobId id, JobSummary summary) implements JobEvent {
}
