package io.decidr.eventstore.feed;

import io.decidr.eventstore.StreamId;

/** What {@link EventNotifications#streamChanges()} reports about the streams whose changes are announced. */
public sealed interface StreamChange {

    /** Listening (again): changes from now on are reported, any before may have been missed. */
    record Listening() implements StreamChange {
    }

    /** Not listening (the connection was lost): changes go unreported until the next {@link Listening}. */
    record Lost() implements StreamChange {
    }

    /** An append to the stream committed. */
    record Changed(StreamId stream) implements StreamChange {
    }
}
