package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;

/** Integration events of the channel {@code decidr.job}. */
public final class JobEvents {

    private JobEvents() {
    }

    /**
     * {@code job.requested.v1}
     *
     * @param kind IMPORT, FORMULA or ROLLUP
     */
    public record Requested(String tenantId, String jobId, String kind, String collectionId, String requestedBy)
            implements DomainEvent {
    }

    /** {@code job.completed.v1}: how many entities the job created, updated and skipped. */
    public record Completed(String tenantId, String jobId, long created, long updated, long skipped)
            implements DomainEvent {
    }

    /** {@code job.failed.v1} */
    public record Failed(String tenantId, String jobId, String error) implements DomainEvent {
    }

    /** {@code job.cancelled.v1} */
    public record Cancelled(String tenantId, String jobId) implements DomainEvent {
    }
}
