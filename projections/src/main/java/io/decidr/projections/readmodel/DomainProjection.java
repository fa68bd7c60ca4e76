package io.decidr.projections.readmodel;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.KeyRing;
import io.decidr.eventstore.personal.PersonalKeys;
import io.decidr.projections.runtime.Projection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import reactor.core.publisher.Flux;
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
        return keys.ringInLogOrder(event.tenantId(), Sealing.keyIds(event.data()))
                .flatMap(ring -> writer.apply(EventContext.of(event), aggregate.events().decode(event, ring)));
    }

    /**
     * The keys of every sealed value of the batch in one look-up per tenant, rather than one per event: a projector
     * behind the log by more than the key store keeps keys in memory would otherwise read a key for each event. An
     * erasure made meanwhile is projected all the same: its event follows the values it erases in the log.
     */
    @Override
    public Mono<Projection> forBatch(List<RecordedEvent> batch) {
        Map<UUID, Set<UUID>> keyIds = new HashMap<>();
        for (RecordedEvent event : batch) {
            if (event.stream().category().equals(aggregate.category()) && Sealing.holdsSealed(event.data())) {
                keyIds.computeIfAbsent(event.tenantId(), tenant -> new HashSet<>()).addAll(Sealing.keyIds(event.data()));
            }
        }
        if (keyIds.isEmpty()) {
            return Mono.just(this);
        }
        return Flux.fromIterable(keyIds.entrySet())
                .concatMap(tenant -> keys.ringInLogOrder(tenant.getKey(), tenant.getValue()).map(ring -> Map.entry(tenant.getKey(), ring)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .map(rings -> new WithKeys(rings));
    }

    /** This projection for one batch, with the keys its sealed values need. */
    private final class WithKeys implements Projection {

        private final Map<UUID, KeyRing> rings;

        WithKeys(Map<UUID, KeyRing> rings) {
            this.rings = rings;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Mono<Void> apply(RecordedEvent event) {
            KeyRing ring = rings.get(event.tenantId());
            if (ring == null || !event.stream().category().equals(aggregate.category())
                    || !Sealing.holdsSealed(event.data())) {
                return DomainProjection.this.apply(event);
            }
            return Mono.defer(() -> writer.apply(EventContext.of(event), aggregate.events().decode(event, ring)));
        }
    }
}
