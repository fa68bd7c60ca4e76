package io.decidr.domain.access;

/** Roles a caller holds, taken from the token's {@code roles} claim. */
public enum Role {
    /** Manages a tenant: schema changes, moderation (e.g. deleting others' comments). */
    ADMIN,
    /** Works with a tenant's data: entities, values, links, comments. */
    MEMBER,
    /** Runs and inspects jobs and projections; no data changes. */
    OPERATOR,
    /** Runs the platform: registers, suspends and reactivates tenants. */
    PLATFORM_ADMIN
}
