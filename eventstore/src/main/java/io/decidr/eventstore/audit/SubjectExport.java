package io.decidr.eventstore.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import io.decidr.eventstore.personal.PersonalKeys;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything the platform holds about one entity, read from the log (a data subject's access request): its current
 * state and every event of its stream, and each comment on it with its events, personal values opened (erased ones as
 * their stand-ins). Read models play no part. A key store that cannot be read fails the export whole
 * ({@link PersonalDataUnavailableException}): an export with holes would say less than the platform holds.
 */
public final class SubjectExport {

    private static final String COMMENTS_ON = """
            SELECT stream_id FROM events
            WHERE tenant_id = $1 AND event_type = 'comment.added' AND data ->> 'entity' = $2
            ORDER BY global_position""";

    private final PostgresEventStore store;
    private final ConnectionFactory connections;
    private final PersonalKeys keys;
    private final ObjectMapper json = Aggregates.JSON;

    public SubjectExport(PostgresEventStore store, ConnectionFactory connections, PersonalKeys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.connections = Objects.requireNonNull(connections, "connections");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The export, or empty when the tenant has no such entity. */
    public Mono<ObjectNode> export(UUID tenant, UUID entity) {
        return store.readStream(Aggregates.ENTITY.stream(tenant, entity), 1).collectList()
                .filter(events -> !events.isEmpty())
                .flatMap(entityEvents -> commentStreams(tenant, entity)
                        .concatMap(stream -> store.readStream(stream, 1).collectList())
                        .collectList()
                        .flatMap(comments -> {
                            Set<UUID> keyIds = new HashSet<>();
                            entityEvents.forEach(event -> keyIds.addAll(Sealing.keyIds(event.data())));
                            comments.forEach(events -> events.forEach(event -> keyIds.addAll(Sealing.keyIds(event.data()))));
                            return keys.ring(tenant, keyIds).map(ring -> document(tenant, entity, entityEvents, comments, ring));
                        }));
    }

    private Flux<StreamId> commentStreams(UUID tenant, UUID entity) {
        return Flux.usingWhen(connections.create(),
                c -> Flux.from(c.createStatement(COMMENTS_ON).bind(0, tenant).bind(1, entity.toString()).execute())
                        .flatMap(result -> result.map(row -> new StreamId(row.get("stream_id", String.class)))),
                Connection::close);
    }

    private ObjectNode document(UUID tenant, UUID entity, List<RecordedEvent> entityEvents,
            List<List<RecordedEvent>> comments, KeyRing ring) {
        ObjectNode export = json.createObjectNode();
        export.put("tenantId", tenant.toString());
        export.put("entityId", entity.toString());
        export.put("exportedAt", Instant.now().toString());
        export.set("entity", aggregate(Aggregates.ENTITY, entityEvents, ring));
        ArrayNode commentNodes = export.putArray("comments");
        for (List<RecordedEvent> events : comments) {
            ObjectNode comment = aggregate(Aggregates.COMMENT, events, ring);
            comment.put("commentId", events.getFirst().stream().value().substring(
                    events.getFirst().stream().value().lastIndexOf(':') + 1));
            commentNodes.add(comment);
        }
        return export;
    }

    private <S, E> ObjectNode aggregate(AggregateType<?, S, E> type, List<RecordedEvent> events, KeyRing ring) {
        ObjectNode node = json.createObjectNode();
        S state = type.decider().initialState();
        List<JsonNode> history = new ArrayList<>();
        // values written in clear before sealing show as erased too once their subject is
        boolean erased = ClearPersonalValues.erasedIn(events);
        for (RecordedEvent event : events) {
            state = type.decider().evolve(state, type.events().decode(event, ring));
            JsonNode shown = event(event, ring);
            if (erased) {
                ClearPersonalValues.masked(type, event, shown.get("data"));
            }
            history.add(shown);
        }
        node.set("state", json.valueToTree(state));
        node.putArray("events").addAll(history);
        return node;
    }

    private JsonNode event(RecordedEvent event, KeyRing ring) {
        try {
            ObjectNode node = json.createObjectNode();
            node.put("version", event.streamVersion());
            node.put("type", event.type());
            node.put("recordedAt", event.recordedAt().toString());
            node.set("data", Sealing.open(json.readTree(event.data()), ring, json, () -> {
                throw new PersonalDataUnavailableException("the key store cannot be read now: try the export again");
            }));
            node.set("metadata", json.readTree(event.metadata()));
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + event.eventId() + " is not JSON", e);
        }
    }
}
