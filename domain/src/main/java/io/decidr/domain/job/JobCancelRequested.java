package io.decidr.domain.job;

import io.decidr.domain.access.UserId;

/** {@code requestedBy} (the job's requester or an admin) asked to cancel the job. */
public record JobCancelRequested(JobId id, UserId requestedBy) implements JobEvent {
}
