package io.decidr.eventstore.audit;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.StreamId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The audit trail of one object, read straight from its event stream. The stream is named with the
 * reader's tenant, so another tenant's object has no trail here.
 */
public final class AuditTrail {

    /** The largest page a reader may ask for. */
    public static final int MAX_PAGE = 200;

    private final PostgresEventStore store;

    public AuditTrail(PostgresEventStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Events of the object after version {@code after}, at most {@code first} (capped at {@link #MAX_PAGE}).
     *
     * @param category the stream category (tenant, collection, entity, comment, job)
     */
    public Mono<List<RecordedEvent>> page(String category, UUID tenant, UUID object, long after, int first) {
        int limit = Math.max(1, Math.min(first, MAX_PAGE));
        return store.readStream(StreamId.of(category, tenant, object), Math.max(0, after) + 1, limit);
    }

    /**
     * Whether the object was erased ({@code entity.erased}, {@code comment.erased} in its stream): what a page of it
     * holding personal values in clear ({@link ClearPersonalValues}) asks before it shows them.
     */
    public Mono<Boolean> erased(String category, UUID tenant, UUID object) {
        return store.readStream(StreamId.of(category, tenant, object), 1)
                .any(event -> ClearPersonalValues.isErasure(event.type()));
    }
}
