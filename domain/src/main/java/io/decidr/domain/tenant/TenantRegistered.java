package io.decidr.domain.tenant;

/** A tenant was registered under {@code name} (stripped). */
public record TenantRegistered(TenantId id, String name) implements TenantEvent {
}
