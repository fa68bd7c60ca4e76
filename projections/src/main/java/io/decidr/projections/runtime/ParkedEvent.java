package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import java.time.Instant;
import java.util.UUID;

/**
 * An event a projector could not apply: it failed every attempt, or an earlier event of its stream is
 * parked (a stream's events are never applied out of order, so later ones wait behind it).
 *
 * @param projector     the projector that parked it
 * @param checkpoint    its place in {@code $all}
 * @param stream        its stream
 * @param streamVersion its version in the stream
 * @param eventId       its id
 * @param type          its type
 * @param error         why it was parked
 * @param attempts      how often it was tried
 * @param parkedAt      when it was (last) parked
 */
public record ParkedEvent(
        String projector,
        Checkpoint checkpoint,
        StreamId stream,
        long streamVersion,
        UUID eventId,
        String type,
        String error,
        int attempts,
        Instant parkedAt) {
}
