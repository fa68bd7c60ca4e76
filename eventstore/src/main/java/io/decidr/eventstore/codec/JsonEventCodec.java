package io.decidr.eventstore.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.NewEvent;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.personal.DataKey;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalDataUnavailableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Encodes an aggregate's events as JSON under their stable names, and decodes stored events, upcasting
 * older schema versions to the current one first. Personal parts of events (see {@link Personal}) are sealed with
 * their subject's key on the way in and opened with a {@link KeyRing} on the way out ({@link Sealing}).
 *
 * @param <E> the aggregate's event type
 */
public final class JsonEventCodec<E> {

    private final ObjectMapper mapper;
    private final EventTypes<E> types;
    private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();
    private final Personal.Parts<E> personal;

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types, List<Upcaster> upcasters, Personal.Parts<E> personal) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.types = Objects.requireNonNull(types, "types");
        this.personal = Objects.requireNonNull(personal, "personal");
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

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types, List<Upcaster> upcasters) {
        this(mapper, types, upcasters, Personal.Parts.none());
    }

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types, Personal.Parts<E> personal) {
        this(mapper, types, List.of(), personal);
    }

    public JsonEventCodec(ObjectMapper mapper, EventTypes<E> types) {
        this(mapper, types, List.of());
    }

    /** The event's personal parts and their subject; null when it holds no personal data. */
    public Personal personalOf(E event) {
        Personal parts = personal.apply(event);
        return parts == null || parts.parts().isEmpty() ? null : parts;
    }

    /** The event under its stable name and current schema version; it must hold no personal data. */
    public NewEvent encode(UUID eventId, E event) {
        return encode(eventId, event, null);
    }

    /**
     * The event under its stable name and current schema version, its personal parts sealed with {@code key} (its
     * subject's: see {@link #personalOf}). Without a key, an event with personal parts is refused.
     */
    public NewEvent encode(UUID eventId, E event, DataKey key) {
        return encode(eventId, event, personalOf(event), key);
    }

    /** As {@link #encode(UUID, Object, DataKey)}, with the event's {@link #personalOf personal parts} found already. */
    public NewEvent encode(UUID eventId, E event, Personal parts, DataKey key) {
        try {
            String data;
            if (parts == null) {
                data = mapper.writeValueAsString(event);
            } else if (key == null) {
                throw new IllegalStateException(event.getClass().getSimpleName()
                        + " holds personal data of " + parts.subject() + ": it needs the subject's key");
            } else {
                data = Sealing.seal(mapper.writeValueAsString(event), parts, key, mapper);
            }
            return new NewEvent(eventId, types.nameOf(event.getClass()), types.currentVersionOf(event.getClass()), data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
    }

    /** The stored event as the current event class, upcast from its stored schema version; it holds no sealed data. */
    public E decode(RecordedEvent event) {
        return decode(event, KeyRing.NONE);
    }

    /** The stored event with its sealed values opened with {@code ring} (erased ones as their stand-ins). */
    public E decode(RecordedEvent event, KeyRing ring) {
        return decode(event.type(), event.schemaVersion(), event.data(), ring);
    }

    public E decode(String type, int storedVersion, String data) {
        return decode(type, storedVersion, data, KeyRing.NONE);
    }

    /**
     * @throws PersonalDataUnavailableException when a sealed value's key cannot be read now
     */
    public E decode(String type, int storedVersion, String data, KeyRing ring) {
        int current = types.currentVersionOf(type);
        try {
            // opened in the text, before it is read: the sealed values' JSON goes into the one tree read
            JsonNode node = mapper.readTree(Sealing.open(data, ring, mapper, () -> {
                throw new PersonalDataUnavailableException("the key of a personal value in a " + type
                        + " event cannot be read now");
            }));
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
