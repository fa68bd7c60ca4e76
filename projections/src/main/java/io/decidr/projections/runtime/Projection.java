package io.decidr.projections.runtime;

import io.decidr.eventstore.RecordedEvent;
import reactor.core.publisher.Mono;

/**
 * Turns events into a read model. The runtime hands it each stream's events in version order (different
 * streams concurrently) and stores the checkpoint only after a whole batch is applied.
 *
 * <p>{@link #apply} must be idempotent: the runtime may apply any event again after a crash (between a
 * read-model write and the checkpoint), and the read model must then be as if it had been applied once.
 * Events of types it does not care about are ignored (an empty {@code Mono}).
 */
public interface Projection {

    /** Stable name; the checkpoint and parked events are kept under it. */
    String name();

    /** Applies one event to the read model. */
    Mono<Void> apply(RecordedEvent event);
}
