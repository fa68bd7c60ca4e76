package io.decidr.projections.runtime;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One generation of a projector's read model: generation 1 is the first; a rebuild replays every event into the next
 * one while the serving generation keeps answering, then takes over.
 *
 * @param projector        the projector's name
 * @param generation       1, 2, ...
 * @param state            where it stands
 * @param startedAt        when its replay started ({@code null} for a generation 1 that was never rebuilt into)
 * @param finishedAt       when it took over ({@code null} while building)
 * @param eventsProcessed  events of {@code $all} its replay went through until it took over (0 when not known)
 */
public record ProjectionGeneration(String projector, int generation, State state, Instant startedAt, Instant finishedAt,
        long eventsProcessed) {

    public enum State {
        /** Replaying; queries do not read it yet. */
        BUILDING,
        /** Queries read it. */
        SERVING,
        /** Replaced by a newer generation; its tables stay until an operator drops them. */
        RETIRED
    }

    public ProjectionGeneration {
        Objects.requireNonNull(projector, "projector");
        Objects.requireNonNull(state, "state");
        if (generation < 1) {
            throw new IllegalArgumentException("generations count from 1, not " + generation);
        }
    }

    /** The generation queries read: the newest that is serving, or 1 when none is recorded. */
    public static int serving(List<ProjectionGeneration> generations) {
        return generations.stream()
                .filter(g -> g.state() == State.SERVING)
                .mapToInt(ProjectionGeneration::generation)
                .max()
                .orElse(1);
    }

    /** The newest generation recorded, if any. */
    public static ProjectionGeneration newest(List<ProjectionGeneration> generations) {
        return generations.stream().max(Comparator.comparingInt(ProjectionGeneration::generation)).orElse(null);
    }

    /** Events per second of its replay, 0 when unknown. */
    public double eventsPerSecond(Instant now) {
        if (startedAt == null) {
            return 0;
        }
        Instant end = finishedAt != null ? finishedAt : now;
        long millis = Math.max(1, end.toEpochMilli() - startedAt.toEpochMilli());
        return eventsProcessed * 1000.0 / millis;
    }

    ProjectionGeneration with(State newState, Instant newFinishedAt, long newEventsProcessed) {
        return new ProjectionGeneration(projector, generation, newState, startedAt, newFinishedAt, newEventsProcessed);
    }
}
