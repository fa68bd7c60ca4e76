package io.decidr.domain.decider;

/** Stable codes of rejected commands; they reach API clients unchanged (GraphQL {@code extensions.code}). */
public enum RejectionCode {
    ALREADY_EXISTS,
    NOT_FOUND,
    VALIDATION_FAILED,
    TENANT_SUSPENDED,
    ARCHIVED,
    FORBIDDEN,
    VERSION_CONFLICT,
    /** The command is valid in itself but not in the aggregate's current state (e.g. restoring an active entity). */
    INVALID_STATE
}
