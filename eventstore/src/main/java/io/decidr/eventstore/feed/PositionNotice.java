package io.decidr.eventstore.feed;

import io.decidr.eventstore.Checkpoint;

/**
 * A reader of {@code $all} (a projector) announced how far it got: every event up to {@code checkpoint} is applied and
 * its position stored.
 */
public record PositionNotice(String reader, Checkpoint checkpoint) {

    /** The notification's payload: the reader, the transaction id (unsigned) and the position, space-separated. */
    String payload() {
        return reader + " " + Long.toUnsignedString(checkpoint.tx()) + " " + checkpoint.position();
    }

    static PositionNotice parse(String payload) {
        int second = payload.lastIndexOf(' ');
        int first = payload.lastIndexOf(' ', second - 1);
        return new PositionNotice(payload.substring(0, first), new Checkpoint(
                Long.parseUnsignedLong(payload.substring(first + 1, second)), Long.parseLong(payload.substring(second + 1))));
    }
}
