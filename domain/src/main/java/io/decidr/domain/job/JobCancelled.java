package io.decidr.domain.job;

/** The job stopped on a cancel; nothing of its work needed undoing. */
public record JobCancelled(JobId id) implements JobEvent {
}
