package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;

/** Integration events of the channel {@code decidr.collection}. */
public final class CollectionEvents {

    private CollectionEvents() {
    }

    /** {@code collection.created.v1} */
    public record Created(String tenantId, String collectionId, String name) implements DomainEvent {
    }

    /** {@code collection.renamed.v1} */
    public record Renamed(String tenantId, String collectionId, String name) implements DomainEvent {
    }

    /** {@code collection.archived.v1} */
    public record Archived(String tenantId, String collectionId) implements DomainEvent {
    }

    /**
     * {@code collection.attribute-defined.v1}
     *
     * @param kind text, number, boolean, date, select or link
     */
    public record AttributeDefined(String tenantId, String collectionId, String attributeId, String name, String kind,
            boolean required) implements DomainEvent {
    }

    /** {@code collection.attribute-renamed.v1} */
    public record AttributeRenamed(String tenantId, String collectionId, String attributeId, String name)
            implements DomainEvent {
    }

    /** {@code collection.attribute-removed.v1}: the attribute's values are cleared from the collection's entities. */
    public record AttributeRemoved(String tenantId, String collectionId, String attributeId) implements DomainEvent {
    }
}
