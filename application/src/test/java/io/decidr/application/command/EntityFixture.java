package io.decidr.application.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.entity.CreateEntity;
import io.decidr.domain.entity.EntityCommand;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.SetValue;
import io.decidr.domain.entity.TextValue;
import io.decidr.domain.entity.Value;
import io.decidr.domain.tenant.TenantId;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One tenant with one collection of text attributes, built directly (no collection aggregate), and the entity
 * commands and envelopes the bus tests send.
 */
final class EntityFixture {

    private static final ObjectMapper JSON = new ObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final CommandContext member = new CommandContext(
            new TenantId(tenant), new Actor(new UserId("member-1"), Set.of(Role.MEMBER)), false);
    final List<AttributeId> attributes;
    final CollectionSchema schema;

    EntityFixture(int textAttributes) {
        List<Attribute> defined = new ArrayList<>();
        for (int i = 0; i < textAttributes; i++) {
            defined.add(new Attribute(new AttributeId(UUID.randomUUID()), "text" + i, TextType.withDefaultMaxLength(), false));
        }
        this.schema = new CollectionSchema(new CollectionId(UUID.randomUUID()), false, defined);
        this.attributes = defined.stream().map(Attribute::id).toList();
    }

    AttributeId attribute(int index) {
        return attributes.get(index);
    }

    /** Creates the entity with {@code texts[i]} as the value of attribute i. */
    CreateEntity create(EntityId id, String... texts) {
        Map<AttributeId, Value> values = new HashMap<>();
        for (int i = 0; i < texts.length; i++) {
            values.put(attribute(i), new TextValue(texts[i]));
        }
        return new CreateEntity(member, id, schema, values);
    }

    SetValue set(EntityId id, int attribute, String text) {
        return new SetValue(member, id, schema, attribute(attribute), new TextValue(text));
    }

    CommandEnvelope<EntityCommand> envelope(EntityCommand command, UUID commandId) {
        return new CommandEnvelope<>(tenant.toString(), tenant, command, EventMetadata.direct(commandId, "member-1"));
    }

    StreamId stream(EntityId id) {
        return Aggregates.ENTITY.stream(tenant, id.value());
    }

    List<RecordedEvent> recorded(PostgresEventStore store, EntityId id) {
        return store.readStream(stream(id), 1).collectList().block(Duration.ofSeconds(30));
    }

    static EntityEvent decode(RecordedEvent event) {
        return Aggregates.ENTITY.events().decode(event);
    }

    /** The command id stored in the event's metadata. */
    static UUID commandIdOf(RecordedEvent event) {
        try {
            return UUID.fromString(JSON.readTree(event.metadata()).get("commandId").asText());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable metadata " + event.metadata(), e);
        }
    }

    static CommandBusSettings settings(int maxAttempts, int snapshotEvery) {
        return new CommandBusSettings(maxAttempts, Duration.ofMillis(10), snapshotEvery, 1_000);
    }
}
