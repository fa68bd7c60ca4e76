package io.decidr.application.command;

import io.decidr.eventstore.Publication;
import io.decidr.eventstore.personal.DataKey;
import java.util.UUID;

/**
 * Which of an aggregate's events are published to subscribers outside the platform, and as what: a published
 * contract of stable, versioned integration event types, separate from the stored event JSON (internal fields may
 * change without breaking subscribers). The {@link CommandBus} asks for each event it appends, and the append writes
 * the message to the outbox in the event's own statement.
 */
public interface IntegrationEvents {

    /** Nothing is published. */
    IntegrationEvents NONE = (category, tenant, aggregateId, event) -> null;

    /**
     * @param category    the aggregate's stream category, e.g. {@code entity}
     * @param tenant      the tenant the aggregate belongs to
     * @param aggregateId the aggregate the event belongs to
     * @param event       the domain event as decided
     * @return the integration message the event publishes, or null for an event kept internal
     */
    Publication publicationOf(String category, UUID tenant, UUID aggregateId, Object event);

    /**
     * As {@link #publicationOf(String, UUID, UUID, Object)} for an event with personal values, sealed with
     * {@code personalKey} (their subject's key; null for an event without any): a contract that carries them seals them
     * with it, to be opened (or withheld) when the message is relayed or sent.
     */
    default Publication publicationOf(String category, UUID tenant, UUID aggregateId, Object event, DataKey personalKey) {
        return publicationOf(category, tenant, aggregateId, event);
    }
}
