package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import reactor.core.publisher.Mono;

/** Where projectors keep how far they got. */
public interface CheckpointStore {

    /** The projector's checkpoint, {@link Checkpoint#START} when it has none. */
    Mono<Checkpoint> load(String projector);

    /** Records that every event up to and including {@code checkpoint} is applied. */
    Mono<Void> save(String projector, Checkpoint checkpoint);
}
