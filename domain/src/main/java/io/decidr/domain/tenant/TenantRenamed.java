package io.decidr.domain.tenant;

/** A tenant got a new {@code name} (stripped). */
public record TenantRenamed(TenantId id, String name) implements TenantEvent {
}
