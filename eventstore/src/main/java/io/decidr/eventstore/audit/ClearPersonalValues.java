package io.decidr.eventstore.audit;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.codec.Personal;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.KeyRing;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Personal values a log holds in clear because they were written before the platform sealed them (comment bodies of
 * a log begun before then). Nothing in the log is ever changed, so their bytes stay there; once their subject is
 * erased, every view that reads the log shows them as their stand-ins, as it shows the values it can no longer open.
 */
public final class ClearPersonalValues {

    private static final KeyRing ALL_ERASED = KeyRing.of(Map.of());
    private static final Set<String> ERASURES = Set.of("entity.erased", "comment.erased");

    private ClearPersonalValues() {
    }

    /** Whether any of the events holds a personal value in clear (none does that the platform wrote since sealing). */
    public static <E> boolean anyIn(AggregateType<?, ?, E> type, List<RecordedEvent> events) {
        return events.stream().anyMatch(event -> !clearParts(type, event).isEmpty());
    }

    /** Whether the stream's events hold its subject's erasure. */
    public static boolean erasedIn(List<RecordedEvent> events) {
        return events.stream().anyMatch(event -> isErasure(event.type()));
    }

    /** Whether events of the type erase their subject: {@code entity.erased}, {@code comment.erased}. */
    public static boolean isErasure(String eventType) {
        return ERASURES.contains(eventType);
    }

    /**
     * {@code data} (the event's data as a view shows it, sealed values opened) with the values the event holds in
     * clear at its personal parts replaced by their stand-ins: for events of an erased subject.
     */
    public static <E> JsonNode masked(AggregateType<?, ?, E> type, RecordedEvent event, JsonNode data) {
        for (Personal.Part part : clearParts(type, event)) {
            JsonPointer pointer = JsonPointer.compile(part.pointer());
            JsonNode parent = data.at(pointer.head());
            if (parent instanceof ObjectNode object) {
                object.set(pointer.last().getMatchingProperty(), part.erased().deepCopy());
            } else if (parent instanceof ArrayNode array) {
                array.set(pointer.last().getMatchingIndex(), part.erased().deepCopy());
            }
        }
        return data;
    }

    /**
     * The event's personal parts that it stores in clear (present, not null, not sealed). The parts are where the
     * current event class keeps them, looked up in the stored JSON: right while the events that carry personal values
     * have no upcasters (none has); one that moved such a value would have to say where it was stored. An event that
     * cannot be read fails the view rather than show it unmasked.
     */
    private static <E> List<Personal.Part> clearParts(AggregateType<?, ?, E> type, RecordedEvent event) {
        // sealed values read as erased: this asks where the event's personal parts are, not what they hold
        Personal personal = type.events().personalOf(type.events().decode(event, ALL_ERASED));
        if (personal == null) {
            return List.of();
        }
        JsonNode stored;
        try {
            stored = Aggregates.JSON.readTree(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored event " + event.eventId() + " is not JSON", e);
        }
        return personal.parts().stream().filter(part -> {
            JsonNode value = stored.at(part.pointer());
            return !value.isMissingNode() && !value.isNull() && !(value.isObject() && value.has(Sealing.MARK));
        }).toList();
    }
}
