package io.decidr.projections.runtime;

import io.decidr.eventstore.RecordedEvent;
import java.util.List;
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

    /**
     * The projection to apply a batch's events with (the runtime calls it once per batch, before applying any of
     * them): one may fetch at once what the batch's events will need, such as the keys of their personal values,
     * rather than event by event. Itself by default; a failure here only means each event fetches its own.
     */
    default Mono<Projection> forBatch(List<RecordedEvent> batch) {
        return Mono.just(this);
    }
}
