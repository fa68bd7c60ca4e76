package io.decidr.eventstore.aggregates;

import io.decidr.domain.decider.Decider;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.codec.JsonEventCodec;
import io.decidr.eventstore.codec.JsonStateCodec;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Everything the command bus needs to run one kind of aggregate: its stream category, its decider,
 * how its events and snapshots are encoded, and which aggregate a command targets.
 *
 * @param category    the stream category, e.g. {@code entity}
 * @param decider     the aggregate's decide/evolve functions
 * @param events      the event codec
 * @param states      the snapshot codec
 * @param aggregateId the id of the aggregate a command targets
 * @param creates     whether a command creates its aggregate (its stream cannot exist yet unless the same command
 *                    ran before, so it is decided on the initial state without reading the stream; the append's
 *                    version check catches the exception)
 */
public record AggregateType<C, S, E>(
        String category,
        Decider<C, S, E> decider,
        JsonEventCodec<E> events,
        JsonStateCodec<S> states,
        Function<C, UUID> aggregateId,
        Predicate<C> creates) {

    /** A type none of whose commands is known to create its aggregate. */
    public AggregateType(String category, Decider<C, S, E> decider, JsonEventCodec<E> events, JsonStateCodec<S> states,
            Function<C, UUID> aggregateId) {
        this(category, decider, events, states, aggregateId, command -> false);
    }

    public StreamId stream(UUID tenant, UUID aggregate) {
        return StreamId.of(category, tenant, aggregate);
    }
}
