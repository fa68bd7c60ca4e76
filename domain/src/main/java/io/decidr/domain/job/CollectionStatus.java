package io.decidr.domain.job;

/** The status of a job's collection, as the command handler looked it up (an aggregate never reads another). */
public enum CollectionStatus {
    ACTIVE,
    ARCHIVED,
    MISSING
}
