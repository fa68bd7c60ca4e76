package io.decidr.application.handlers;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;

/**
 * What a command (or a saga of several) wrote, as far as a reader must know to wait for it: the stream and version
 * whose events the read models must have applied, and where the last event stands in {@code $all} when known.
 */
public interface Written {

    /** The stream written last. */
    StreamId stream();

    /** Its version after the write; 0 when nothing was ever written. */
    long version();

    /** Where the write's last event stands in {@code $all}; null when unknown (then it is looked up) or none now. */
    Checkpoint last();
}
