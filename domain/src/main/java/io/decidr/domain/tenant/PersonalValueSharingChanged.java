package io.decidr.domain.tenant;

/** The tenant's integration events and webhooks carry personal values from now on ({@code shared}), or no longer. */
public record PersonalValueSharingChanged(TenantId id, boolean shared) implements TenantEvent {
}
