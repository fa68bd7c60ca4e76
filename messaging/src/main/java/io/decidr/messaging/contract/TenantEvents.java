package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;

/** Integration events of the channel {@code decidr.tenant}. */
public final class TenantEvents {

    private TenantEvents() {
    }

    /** {@code tenant.registered.v1} */
    public record Registered(String tenantId, String name) implements DomainEvent {
    }

    /** {@code tenant.renamed.v1} */
    public record Renamed(String tenantId, String name) implements DomainEvent {
    }

    /** {@code tenant.suspended.v1}: the tenant's running compute jobs are cancelled. */
    public record Suspended(String tenantId, String reason) implements DomainEvent {
    }

    /** {@code tenant.reactivated.v1} */
    public record Reactivated(String tenantId) implements DomainEvent {
    }
}
