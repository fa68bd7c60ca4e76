package io.decidr.domain.comment;

/** The commented entity's status, as the command handler looked it up (an aggregate never reads another). */
public enum EntityStatus {
    ACTIVE,
    ARCHIVED,
    MISSING
}
