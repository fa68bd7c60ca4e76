package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;
import io.eventuate.tram.events.common.DomainEventNameMapping;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The published event types: the channel (Tram's aggregate type and destination) and the stable name of each
 * contract class. As Tram's {@link DomainEventNameMapping}, it lets Tram's dispatcher match the names in the messages'
 * {@code event-type} header to the classes here.
 */
public final class IntegrationEventTypes implements DomainEventNameMapping {

    public static final String TENANT = "decidr.tenant";
    public static final String COLLECTION = "decidr.collection";
    public static final String ENTITY = "decidr.entity";
    public static final String COMMENT = "decidr.comment";
    public static final String JOB = "decidr.job";

    /** Every channel. */
    public static final Set<String> CHANNELS = Set.of(TENANT, COLLECTION, ENTITY, COMMENT, JOB);

    private static final Map<Class<?>, Type> BY_CLASS = new HashMap<>();
    private static final Map<String, Type> BY_NAME = new HashMap<>();

    /** A published type: its channel and its stable name. */
    public record Type(String channel, String name, Class<? extends DomainEvent> contract) {
    }

    static {
        add(TENANT, "tenant.registered.v1", TenantEvents.Registered.class);
        add(TENANT, "tenant.renamed.v1", TenantEvents.Renamed.class);
        add(TENANT, "tenant.suspended.v1", TenantEvents.Suspended.class);
        add(TENANT, "tenant.reactivated.v1", TenantEvents.Reactivated.class);
        add(COLLECTION, "collection.created.v1", CollectionEvents.Created.class);
        add(COLLECTION, "collection.renamed.v1", CollectionEvents.Renamed.class);
        add(COLLECTION, "collection.archived.v1", CollectionEvents.Archived.class);
        add(COLLECTION, "collection.attribute-defined.v1", CollectionEvents.AttributeDefined.class);
        add(COLLECTION, "collection.attribute-renamed.v1", CollectionEvents.AttributeRenamed.class);
        add(COLLECTION, "collection.attribute-removed.v1", CollectionEvents.AttributeRemoved.class);
        add(ENTITY, "entity.created.v1", EntityEvents.Created.class);
        add(ENTITY, "entity.value-set.v1", EntityEvents.ValueSet.class);
        add(ENTITY, "entity.value-cleared.v1", EntityEvents.ValueCleared.class);
        add(ENTITY, "entity.linked.v1", EntityEvents.Linked.class);
        add(ENTITY, "entity.unlinked.v1", EntityEvents.Unlinked.class);
        add(ENTITY, "entity.archived.v1", EntityEvents.Archived.class);
        add(ENTITY, "entity.restored.v1", EntityEvents.Restored.class);
        add(ENTITY, "entity.erased.v1", EntityEvents.Erased.class);
        add(COMMENT, "comment.added.v1", CommentEvents.Added.class);
        add(COMMENT, "comment.edited.v1", CommentEvents.Edited.class);
        add(COMMENT, "comment.deleted.v1", CommentEvents.Deleted.class);
        add(COMMENT, "comment.erased.v1", CommentEvents.Erased.class);
        add(JOB, "job.requested.v1", JobEvents.Requested.class);
        add(JOB, "job.completed.v1", JobEvents.Completed.class);
        add(JOB, "job.failed.v1", JobEvents.Failed.class);
        add(JOB, "job.cancelled.v1", JobEvents.Cancelled.class);
    }

    private static void add(String channel, String name, Class<? extends DomainEvent> contract) {
        Type type = new Type(channel, name, contract);
        BY_CLASS.put(contract, type);
        BY_NAME.put(name, type);
    }

    /** The type of a contract class. */
    public static Type of(Class<?> contract) {
        Type type = BY_CLASS.get(contract);
        if (type == null) {
            throw new IllegalArgumentException(contract + " is not a published event type");
        }
        return type;
    }

    /** The type of a stable name, or null when no such type is published. */
    public static Type named(String name) {
        return BY_NAME.get(name);
    }

    /** Every published type name. */
    public static Set<String> names() {
        return Set.copyOf(BY_NAME.keySet());
    }

    @Override
    public String eventToExternalEventType(String aggregateType, DomainEvent event) {
        return of(event.getClass()).name();
    }

    @Override
    public String externalEventTypeToEventClassName(String aggregateType, String eventTypeHeader) {
        Type type = BY_NAME.get(eventTypeHeader);
        // an unknown (newer) type stays as it is: no handler matches it, so the dispatcher skips it
        return type == null ? eventTypeHeader : type.contract().getName();
    }
}
