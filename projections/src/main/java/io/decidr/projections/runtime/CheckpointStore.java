package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import reactor.core.publisher.Mono;

/** Where projectors keep how far they got. */
public interface CheckpointStore {

    /** The projector's checkpoint, {@link Checkpoint#START} when it has none. */
    Mono<Checkpoint> load(String projector);

    /** Records that every event up to and including {@code checkpoint} is applied. */
    Mono<Void> save(String projector, Checkpoint checkpoint);

    /**
     * The store as the holder of lease epoch {@code epoch} uses it (fencing): {@link #load} first claims the
     * projector's checkpoint for the epoch, and {@link #save} writes only while no later epoch claimed it. Both fail
     * with {@link FencedOut} once one did, so a runner that lost its lease, however long it was paused, never moves a
     * checkpoint its successor already read.
     */
    CheckpointStore fencedBy(long epoch);
}
