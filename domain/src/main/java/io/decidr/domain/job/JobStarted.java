package io.decidr.domain.job;

/** Workflow {@code workflowId} (run {@code runId}) started the job; {@code total} is -1 when not known yet. */
public record JobStarted(JobId id, String workflowId, String runId, long total) implements JobEvent {
}
