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

/**
 * Personal values a log holds in clear because they were written before the platform sealed them (comment bodies of
 * a log begun before then). Nothing in the log is ever changed, so their bytes stay there; once their subject is
 * erased, every view that reads the log shows them as their stand-ins, as it shows the values it can no longer open.
 */
public final class ClearPersonalValues {

    private static final KeyRing ALL_ERASED = KeyRing.of(Map.of());

    private ClearPersonalValues() {
    }

    /** Whether any of the events holds a personal value in clear (none does that the platform wrote since sealing). */
    public static <E> boolean anyIn(AggregateType<?, ?, E> type, List<RecordedEvent> events) {
        return events.stream().anyMatch(event -> !clearParts(type, event).isEmpty());
    }

    /** Whether the stream's events hold its subject's erasure ({@code entity.erased}, {@code comment.erased}). */
    public static boolean erasedIn(List<RecordedEvent> events) {
        return events.stream().anyMatch(event -> event.type().endsWith(".erased"));
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

    /** The event's personal parts that it stores in clear (present, not null, not sealed). */
    private static <E> List<Personal.Part> clearParts(AggregateType<?, ?, E> type, RecordedEvent event) {
        Personal personal;
        JsonNode stored;
        try {
            // sealed values read as erased: this asks where the event's personal parts are, not what they hold
            personal = type.events().personalOf(type.events().decode(event, ALL_ERASED));
            stored = personal == null ? null : Aggregates.JSON.readTree(event.data());
        } catch (JsonProcessingException | RuntimeException notOurs) {
            return List.of();
        }
        if (personal == null) {
            return List.of();
        }
        return personal.parts().stream().filter(part -> {
            JsonNode value = stored.at(part.pointer());
            return !value.isMissingNode() && !value.isNull() && !(value.isObject() && value.has(Sealing.MARK));
        }).toList();
    }
}
