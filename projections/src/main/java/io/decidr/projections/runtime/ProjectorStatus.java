package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import java.time.Duration;

/**
 * How a projector is doing.
 *
 * @param projector    its name
 * @param running      whether its loop is running
 * @param position     the last event it applied (in {@code $all} order)
 * @param eventsBehind committed events it has not applied yet (counted up to a cap)
 * @param behind       age of the oldest event it has not applied yet; zero when caught up
 * @param parkedEvents events set aside, waiting for an operator
 */
public record ProjectorStatus(
        String projector, boolean running, Checkpoint position, long eventsBehind, Duration behind, long parkedEvents) {
}
