package io.decidr.projections.runtime;

import io.decidr.eventstore.StreamId;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where projectors keep the events they had to set aside, until an operator retries or skips them. */
public interface ParkedEventStore {

    /** Stores (or replaces) a parked event. */
    Mono<Void> park(ParkedEvent event);

    /** The projector's parked events, per stream in version order. */
    Flux<ParkedEvent> list(String projector);

    /** Forgets a parked event (after it was applied on retry, or skipped). */
    Mono<Void> remove(String projector, StreamId stream, UUID eventId);
}
