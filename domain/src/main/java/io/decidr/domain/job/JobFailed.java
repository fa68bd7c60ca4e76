package io.decidr.domain.job;

/** The job stopped on {@code error}. */
public record JobFailed(JobId id, String error) implements JobEvent {
}
