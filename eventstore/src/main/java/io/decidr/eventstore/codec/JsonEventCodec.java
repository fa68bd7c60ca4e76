package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.RecordedEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Encodes an aggregate's events as JSON under their stable names, and decodes stored events, upcasting
 * older schema versions to the current one first.
 *
 * @param <E> the aggregate's event type
 */
public final class JsonEventCodec<E> {

    private final ObjectMapper mapper;
    private final EventTypes<E> types;
    private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types, List<Upcaster> upcasters) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.types = Objects.requireNonNull(types, "types");
        for (Upcaster upcaster : upcasters) {
            Upcaster previous = this.upcasters
                    .computeIfAbsent(upcaster.eventType(), t -> new HashMap<>())
                    .putIfAbsent(upcaster.fromVersion(), upcaster);
            if (previous != null) {
                throw new IllegalArgumentException(
                        "two upcasters for " + upcaster.eventType() + " v" + upcaster.fromVersion());
            }
        }
    }

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types) {
        this(mapper, types, List.of());
    }

    /** The event under its stable name and current schema version. */
    public NewEvent encode(UUID eventId, E event) {
        try {
            return new NewEvent(eventId, types.nameOf(event.getClass()), types.currentVersionOf(event.getClass()),
                    mapper.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** The stored event as the current event class, upcast from its stored schema version. */
    public E decode(RecordedEvent event) {
        return decode(event.type(), event.schemaVersion(), event.data());
    }

    public E decode(String type, int storedVersion, String data) {
        int current = types.currentVersionOf(type);
        try {
            JsonNode node = mapper.readTree(data);
            for (int version = storedVersion; version < current; version++) {
                Upcaster upcaster = upcasters.getOrDefault(type, Map.of()).get(version);
                if (upcaster == null) {
                    throw new IllegalStateException("no upcaster for " + type + " v" + version);
                }
                node = upcaster.upcast((ObjectNode) node);
            }
            return mapper.treeToValue(node, types.classOf(type));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot decode " + type + " v" + storedVersion, e);
        }
    }
}
