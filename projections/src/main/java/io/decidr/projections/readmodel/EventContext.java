package io.decidr.projections.readmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

/**
 * What a read model needs to know about an event besides its content.
 *
 * @param tenant     the tenant the event belongs to (read models are partitioned by it)
 * @param stream     the stream it was appended to
 * @param version    its version in the stream; read models use it as the write timestamp, so that applying
 *                   events again, or out of order, leaves the newest value in every cell
 * @param eventId    its id
 * @param type       its stable type name
 * @param recordedAt when it was committed
 * @param actor      who caused it (from the metadata), or null
 */
public record EventContext(
        UUID tenant, StreamId stream, long version, UUID eventId, String type, Instant recordedAt, String actor) {

    public static EventContext of(RecordedEvent event) {
        return new EventContext(event.tenantId(), event.stream(), event.streamVersion(), event.eventId(), event.type(),
                event.recordedAt(), actorOf(event.metadata()));
    }

    private static String actorOf(String metadata) {
        try {
            JsonNode actor = Aggregates.JSON.readTree(metadata).get("actor");
            return actor == null || actor.isNull() ? null : actor.asText();
        } catch (IOException e) {
            throw new UncheckedIOException("event metadata is not JSON", e);
        }
    }
}
