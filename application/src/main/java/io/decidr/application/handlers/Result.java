package io.decidr.application.handlers;

import io.decidr.application.command.CommandOutcome;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import java.util.UUID;

/**
 * What a handled command answers: the affected object's id and version.
 *
 * @param id        the object the command changed (or created)
 * @param version   its version after the command
 * @param duplicate true when the command id had been handled before and nothing changed now
 * @param stream    the object's stream
 * @param last      where the command's last event stands in {@code $all}; null when it wrote nothing now
 */
public record Result(UUID id, long version, boolean duplicate, StreamId stream, Checkpoint last) implements Written {

    static Result of(UUID id, CommandOutcome<?> outcome) {
        return new Result(id, outcome.version(), outcome.duplicate(), outcome.stream(), outcome.last());
    }
}
