package io.decidr.domain.job;

/** The job stopped on a cancel, and its partial work was undone: {@code restored} entities put back. */
public record JobCompensated(JobId id, long restored) implements JobEvent {
}
