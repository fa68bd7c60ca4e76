package io.decidr.domain.job;

import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.CollectionId;

/** {@code requestedBy} asked for a job of {@code kind} on {@code collection}; {@code parameters} is JSON text. */
public record JobRequested(JobId id, JobKind kind, CollectionId collection, String parameters, UserId requestedBy)
        implements JobEvent {
}
