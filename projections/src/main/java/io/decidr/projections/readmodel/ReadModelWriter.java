package io.decidr.projections.readmodel;

import reactor.core.publisher.Mono;

/**
 * A read model's write side for one aggregate's events: applies one decoded event to its tables.
 * Implementations must be idempotent and order-tolerant (see {@link EventContext#version()}).
 *
 * @param <E> the aggregate's event type
 */
@FunctionalInterface
public interface ReadModelWriter<E> {

    Mono<Void> apply(EventContext context, E event);
}
