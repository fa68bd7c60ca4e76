package io.decidr.domain.tenant;

import io.decidr.domain.access.UserId;

/** {@code user} became an admin of the tenant. */
public record AdminGranted(TenantId id, UserId user) implements TenantEvent {
}
