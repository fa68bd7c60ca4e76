package io.decidr.domain.tenant;

/** A tenant was suspended for {@code reason} (stripped). */
public record TenantSuspended(TenantId id, String reason) implements TenantEvent {
}
