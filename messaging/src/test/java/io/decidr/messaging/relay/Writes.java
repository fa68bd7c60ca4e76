package io.decidr.messaging.relay;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.entity.EntityArchived;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.NumberValue;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.AppendRequest;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.EventStore;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.messaging.outbox.DomainPublications;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/** Appends value-set events to entity streams with their messages, as the command bus would (the real mapping). */
public final class Writes {

    private static final DomainPublications PUBLICATIONS = new DomainPublications();
    private static final AttributeId ATTRIBUTE = new AttributeId(UUID.randomUUID());

    private final EventStore store;
    private final UUID tenant;

    public Writes(EventStore store) {
        this(store, UUID.randomUUID());
    }

    public Writes(EventStore store, UUID tenant) {
        this.store = store;
        this.tenant = tenant;
    }

    public UUID tenant() {
        return tenant;
    }

    /** Archives the entity at its stream's version {@code version} (a message no test subscriber handles). */
    public void archive(UUID entity, int version) {
        NewEvent encoded = new NewEvent(UUID.randomUUID(), "entity.archived", 1, "{}")
                .publishing(PUBLICATIONS.publicationOf("entity", tenant, entity, new EntityArchived(new EntityId(entity))));
        store.append(new AppendRequest(tenant.toString(), tenant, StreamId.of("entity", tenant, entity), version - 1,
                List.of(encoded), EventMetadata.direct(UUID.randomUUID(), "tester"))).block();
    }

    /** Sets value {@code value} on the entity: its stream's version {@code value} (values count from 1). */
    public void set(UUID entity, int value) {
        ValueSet event = new ValueSet(new EntityId(entity), ATTRIBUTE, new NumberValue(BigDecimal.valueOf(value)),
                value == 1 ? null : new NumberValue(BigDecimal.valueOf(value - 1)));
        NewEvent encoded = new NewEvent(UUID.randomUUID(), "entity.value-set", 1, "{}")
                .publishing(PUBLICATIONS.publicationOf("entity", tenant, entity, event));
        store.append(new AppendRequest(tenant.toString(), tenant, StreamId.of("entity", tenant, entity), value - 1,
                List.of(encoded), EventMetadata.direct(UUID.randomUUID(), "tester"))).block();
    }
}
