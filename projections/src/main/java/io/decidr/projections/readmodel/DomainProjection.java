package io.decidr.projections.readmodel;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.projections.runtime.Projection;
import java.util.Objects;
import reactor.core.publisher.Mono;

/**
 * A projection of one aggregate's events: it picks that aggregate's streams out of {@code $all}, decodes
 * their events (upcasting old versions, opening personal values with the subjects' keys: erased ones arrive as their
 * stand-ins) and hands them to the read model's writer. A key store that cannot be read fails the event, which is then
 * retried like any failed write: nothing is projected as erased that was not.
 *
 * @param <E> the aggregate's event type
 */
public final class DomainProjection<E> implements Projection {

    private final String name;
    private final AggregateType<?, ?, E> aggregate;
    private final ReadModelWriter<E> writer;
    private final PersonalKeys keys;

    public DomainProjection(String name, AggregateType<?, ?, E> aggregate, ReadModelWriter<E> writer) {
        this(name, aggregate, writer, PersonalKeys.NONE);
    }

    public DomainProjection(String name, AggregateType<?, ?, E> aggregate, ReadModelWriter<E> writer, PersonalKeys keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
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
        if (!Sealing.holdsSealed(event.data())) {
            return Mono.defer(() -> writer.apply(EventContext.of(event), aggregate.events().decode(event)));
        }
        return keys.ring(event.tenantId(), Sealing.keyIds(event.data()))
                .flatMap(ring -> writer.apply(EventContext.of(event), aggregate.events().decode(event, ring)));
    }
}
