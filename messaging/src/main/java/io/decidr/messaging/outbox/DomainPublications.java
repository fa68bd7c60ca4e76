package io.decidr.messaging.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.decidr.application.command.IntegrationEvents;
import io.decidr.domain.collection.AttributeDefined;
import io.decidr.domain.collection.AttributeRemoved;
import io.decidr.domain.collection.AttributeRenamed;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionArchived;
import io.decidr.domain.collection.CollectionCreated;
import io.decidr.domain.collection.CollectionRenamed;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.comment.CommentAdded;
import io.decidr.domain.comment.CommentDeleted;
import io.decidr.domain.comment.CommentErased;
import io.decidr.domain.comment.CommentEdited;
import io.decidr.domain.entity.BooleanValue;
import io.decidr.domain.entity.DateValue;
import io.decidr.domain.entity.EntityArchived;
import io.decidr.domain.entity.EntityCreated;
import io.decidr.domain.entity.EntityErased;
import io.decidr.domain.entity.EntityLinked;
import io.decidr.domain.entity.EntityRestored;
import io.decidr.domain.entity.ErasedValue;
import io.decidr.domain.entity.EntityUnlinked;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.SelectValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.entity.ValueCleared;
import io.decidr.domain.entity.ValueSet;
import io.decidr.domain.job.JobCancelled;
import io.decidr.domain.job.JobCompleted;
import io.decidr.domain.job.JobFailed;
import io.decidr.domain.job.JobRequested;
import io.decidr.domain.tenant.TenantReactivated;
import io.decidr.domain.tenant.TenantRegistered;
import io.decidr.domain.tenant.TenantRenamed;
import io.decidr.domain.tenant.TenantSuspended;
import io.decidr.eventstore.Publication;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.messaging.contract.CollectionEvents;
import io.decidr.messaging.contract.CommentEvents;
import io.decidr.messaging.contract.EntityEvents;
import io.decidr.messaging.contract.IntegrationEventTypes;
import io.decidr.messaging.contract.JobEvents;
import io.decidr.messaging.contract.TenantEvents;
import io.eventuate.common.json.mapper.JSonMapper;
import io.eventuate.tram.events.common.DomainEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The integration event each domain event publishes (see {@link io.decidr.messaging.contract}), serialized as Tram
 * serializes events. Events not listed (backlinks, a job's progress and start, admin grants) stay internal: backlinks
 * follow from {@code entity.linked}, progress is too frequent to be a contract. Personal values never enter the outbox
 * in clear: sealed with their subject's key, they are opened when the message leaves, and only for a tenant that shares
 * them ({@link PersonalPayloads}); otherwise (and once erased) the events say a personal value was set, not what it is.
 */
public final class DomainPublications implements IntegrationEvents {

    @Override
    public Publication publicationOf(String category, UUID tenant, UUID aggregateId, Object event) {
        return publicationOf(category, tenant, aggregateId, event, null);
    }

    /**
     * With a key, the event's personal values go into the message sealed with it ({@link Sealing}: the stand-in
     * {@code {"kind":"erased"}}); {@link PersonalPayloads} opens them, or withholds them, when the message leaves.
     * Without one they are withheld here already.
     */
    @Override
    public Publication publicationOf(String category, UUID tenant, UUID aggregateId, Object event, DataKey personalKey) {
        DomainEvent published = contractOf(tenant.toString(), event, personalKey != null);
        if (published == null) {
            return null;
        }
        IntegrationEventTypes.Type type = IntegrationEventTypes.of(published.getClass());
        String json = personalKey == null ? json(published) : sealed(published, event, aggregateId, personalKey);
        return new Publication(type.channel(), aggregateId.toString(), type.name(), json);
    }

    /** The contract event of a domain event (personal values withheld), or null when it publishes none. */
    static DomainEvent contractOf(String tenant, Object event) {
        return contractOf(tenant, event, false);
    }

    /**
     * The contract event of a domain event, or null when it publishes none.
     *
     * @param toSeal whether personal values go in (marked personal, to be sealed before the message is stored)
     */
    static DomainEvent contractOf(String tenant, Object event, boolean toSeal) {
        return switch (event) {
            case TenantRegistered e -> new TenantEvents.Registered(tenant, e.name());
            case TenantRenamed e -> new TenantEvents.Renamed(tenant, e.name());
            case TenantSuspended e -> new TenantEvents.Suspended(tenant, e.reason());
            case TenantReactivated e -> new TenantEvents.Reactivated(tenant);
            case CollectionCreated e -> new CollectionEvents.Created(tenant, id(e.id().value()), e.name());
            case CollectionRenamed e -> new CollectionEvents.Renamed(tenant, id(e.id().value()), e.name());
            case CollectionArchived e -> new CollectionEvents.Archived(tenant, id(e.id().value()));
            case AttributeDefined e -> new CollectionEvents.AttributeDefined(tenant, id(e.id().value()),
                    id(e.attribute().id().value()), e.attribute().name(), kind(e.attribute().type()),
                    e.attribute().required());
            case AttributeRenamed e -> new CollectionEvents.AttributeRenamed(tenant, id(e.id().value()),
                    id(e.attributeId().value()), e.name());
            case AttributeRemoved e -> new CollectionEvents.AttributeRemoved(tenant, id(e.id().value()),
                    id(e.attributeId().value()));
            case EntityCreated e -> new EntityEvents.Created(tenant, id(e.id().value()), id(e.collection().value()),
                    values(e, toSeal));
            case ValueSet e -> new EntityEvents.ValueSet(tenant, id(e.id().value()), id(e.attribute().value()),
                    e.personal() ? personal(e.value(), toSeal) : value(e.value()));
            case ValueCleared e -> new EntityEvents.ValueCleared(tenant, id(e.id().value()), id(e.attribute().value()));
            case EntityLinked e -> new EntityEvents.Linked(tenant, id(e.id().value()), id(e.attribute().value()),
                    id(e.target().value()));
            case EntityUnlinked e -> new EntityEvents.Unlinked(tenant, id(e.id().value()), id(e.attribute().value()),
                    id(e.target().value()));
            case EntityArchived e -> new EntityEvents.Archived(tenant, id(e.id().value()));
            case EntityRestored e -> new EntityEvents.Restored(tenant, id(e.id().value()));
            case EntityErased e -> new EntityEvents.Erased(tenant, id(e.id().value()), e.erasedBy().value());
            case CommentAdded e -> new CommentEvents.Added(tenant, id(e.id().value()), id(e.entity().value()),
                    e.author().value());
            case CommentEdited e -> new CommentEvents.Edited(tenant, id(e.id().value()));
            case CommentDeleted e -> new CommentEvents.Deleted(tenant, id(e.id().value()),
                    e.deletedBy() == null ? null : e.deletedBy().value());
            case CommentErased e -> new CommentEvents.Erased(tenant, id(e.id().value()), e.erasedBy().value());
            case JobRequested e -> new JobEvents.Requested(tenant, id(e.id().value()), e.kind().name(),
                    id(e.collection().value()), e.requestedBy() == null ? null : e.requestedBy().value());
            case JobCompleted e -> new JobEvents.Completed(tenant, id(e.id().value()), e.summary().created(),
                    e.summary().updated(), e.summary().skipped());
            case JobFailed e -> new JobEvents.Failed(tenant, id(e.id().value()), e.error());
            case JobCancelled e -> new JobEvents.Cancelled(tenant, id(e.id().value()));
            default -> null;
        };
    }

    private static String id(UUID id) {
        return id.toString();
    }

    private static Map<String, EntityEvents.Value> values(EntityCreated created, boolean toSeal) {
        Map<String, EntityEvents.Value> values = new LinkedHashMap<>();
        created.values().forEach((attribute, value) -> values.put(id(attribute.value()),
                created.personal().contains(attribute) ? personal(value, toSeal) : value(value)));
        return values;
    }

    /** A personal value as it goes into a message: withheld, or marked personal to be sealed; erased stays erased. */
    private static EntityEvents.Value personal(Value value, boolean toSeal) {
        if (value instanceof ErasedValue) {
            return EntityEvents.Value.ERASED;
        }
        return toSeal ? value(value).asPersonal() : EntityEvents.Value.WITHHELD;
    }

    /**
     * The contract event as JSON with its personal values sealed: those marked personal ({@code value} of
     * {@code entity.value-set}, each of {@code values} of {@code entity.created}, as {@link PersonalPayloads} finds them
     * again), sealed in the text as written, without a tree.
     */
    private static String sealed(DomainEvent published, Object event, UUID subject, DataKey key) {
        List<Personal.Part> parts = new ArrayList<>();
        if (published instanceof EntityEvents.ValueSet set && isPersonal(set.value())) {
            parts.add(new Personal.Part("/value", PersonalPayloads.ERASED));
        } else if (published instanceof EntityEvents.Created created) {
            created.values().forEach((attribute, value) -> {
                if (isPersonal(value)) {
                    parts.add(new Personal.Part("/values/" + attribute.replace("~", "~0").replace("/", "~1"),
                            PersonalPayloads.ERASED));
                }
            });
        }
        String json = json(published);
        try {
            return parts.isEmpty() ? json
                    : Sealing.seal(json, new Personal(subject, parts), key, JSonMapper.objectMapper);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot seal the personal values of " + event.getClass().getSimpleName(), e);
        }
    }

    private static boolean isPersonal(EntityEvents.Value value) {
        return value != null && Boolean.TRUE.equals(value.personal());
    }

    static EntityEvents.Value value(Value value) {
        return switch (value) {
            case TextValue v -> new EntityEvents.Value("text", v.value());
            case NumberValue v -> new EntityEvents.Value("number", v.value().toPlainString());
            case BooleanValue v -> new EntityEvents.Value("boolean", Boolean.toString(v.value()));
            case DateValue v -> new EntityEvents.Value("date", v.value().toString());
            case SelectValue v -> new EntityEvents.Value("select", v.option());
            case ErasedValue v -> new EntityEvents.Value("erased", null);
        };
    }

    private static String kind(AttributeType type) {
        return switch (type) {
            case TextType t -> "text";
            case NumberType t -> "number";
            case BooleanType t -> "boolean";
            case DateType t -> "date";
            case SelectType t -> "select";
            case LinkType t -> "link";
        };
    }

    private static String json(DomainEvent event) {
        try {
            return JSonMapper.objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + event.getClass().getSimpleName(), e);
        }
    }
}
