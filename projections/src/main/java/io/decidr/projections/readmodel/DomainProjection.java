package io.decidr.projections.readmodel;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.projections.runtime.Projection;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A projection of one aggregate's events: it picks that aggregate's streams out of {@code $all}, decodes
 * their events (upcasting old versions) and hands them to the read model's writer.
 *
 * @param <E> the aggregate's event type
 */
public final class DomainProjection<E> implements Projection {

    private final String name;
    private final AggregateType<?, ?, E> aggregate;
    private final ReadModelWriter<E> writer;

    public DomainProjection(String name, AggregateType<?, ?, E> aggregate, ReadModelWriter<E> writer) {
        this.name = Objects.requireNonNull(name, "name");
        this.aggregate = Objects.requireNonNull(aggregate, "aggregate");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Mono<Void> apply(RecordedEvent event) {
        if (!event.stream().category().equals(aggregate.category())) {
            return Mono.empty();
        }
        return Mono.defer(() -> writer.apply(EventContext.of(event), aggregate.events().decode(event)));
    }
}
