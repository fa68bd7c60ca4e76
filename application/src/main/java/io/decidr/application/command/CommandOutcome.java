package io.decidr.application.command;

import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import java.util.List;

/**
 * What a handled command did.
 *
 * @param stream      the aggregate's stream
 * @param fromVersion the stream's version the command was decided on
 * @param version     the stream's version after the command
 * @param events      the events it appended; empty for a duplicate (they were appended the first time)
 * @param duplicate   true when the command id had been handled before and nothing was written now
 * @param last        where its last event stands in {@code $all}; null when it wrote nothing now
 */
public record CommandOutcome<E>(
        StreamId stream, long fromVersion, long version, List<E> events, boolean duplicate, Checkpoint last) {

    public CommandOutcome {
        events = List.copyOf(events);
    }
}
