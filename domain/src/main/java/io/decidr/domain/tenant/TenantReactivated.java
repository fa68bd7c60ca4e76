package io.decidr.domain.tenant;

/** A suspended tenant became active again. */
public record TenantReactivated(TenantId id) implements TenantEvent {
}
