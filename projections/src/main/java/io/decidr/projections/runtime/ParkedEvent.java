package io.decidr.projections.runtime;

import io.decidr.domain.failure.FailureNotice;
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
 * @param error         why it was parked: a {@link FailureNotice}'s text ({@link #FAILED} or {@link #HELD}); the
 *                      exception itself is only in the log, under the notice's incident id
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

    /** The code of an event the projector failed to apply on every attempt. */
    public static final String FAILED = "PROJECTION_FAILED";
    /** The code of an event that waits behind an earlier parked event of its stream. */
    public static final String HELD = "PROJECTION_HELD";
    private static final String LEGACY_HELD = "held behind an earlier parked event of the same stream";

    /**
     * Why it was parked, as operators may see it. An event parked before notices existed kept the exception's own
     * text: that is not shown, only that it failed.
     */
    public FailureNotice notice() {
        if (LEGACY_HELD.equals(error)) {
            return FailureNotice.of(HELD, LEGACY_HELD);
        }
        return FailureNotice.parse(error).orElseGet(() -> FailureNotice.of(FAILED,
                "the projector could not apply this event (parked before incident ids were kept: see the projector's log)"));
    }
}
