package io.decidr.eventstore.audit;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import io.decidr.eventstore.codec.Sealing;
import io.decidr.eventstore.personal.PersonalKeys;
import java.time.Instant;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/** An aggregate's state as it was at a version or a moment, folded from its event stream (never from read models). */
public final class TimeTravel {

    private final PostgresEventStore store;
    private final PersonalKeys keys;

    public TimeTravel(PostgresEventStore store) {
        this(store, PersonalKeys.NONE);
    }

    /** @param keys opens personal values (erased ones read as their stand-ins) */
    public TimeTravel(PostgresEventStore store, PersonalKeys keys) {
        this.store = Objects.requireNonNull(store, "store");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * The state after the events up to {@code version}, or up to the last one recorded at or before {@code at}
     * (exactly one of the two). Empty when no event qualifies (the object did not exist yet).
     */
    public <C, S, E> Mono<Then<S>> stateAt(AggregateType<C, S, E> type, UUID tenant, UUID id, Long version, Instant at) {
        if ((version == null) == (at == null)) {
            throw new IllegalArgumentException("give either a version or a moment");
        }
        Predicate<RecordedEvent> included = version != null
                ? event -> event.streamVersion() <= version
                : event -> !event.recordedAt().isAfter(at);
        return store.readStream(type.stream(tenant, id), 1)
                .takeWhile(included)
                .collectList()
                .flatMap(events -> {
                    Set<UUID> keyIds = new HashSet<>();
                    events.forEach(event -> keyIds.addAll(Sealing.keyIds(event.data())));
                    return keys.ring(tenant, keyIds).map(ring -> {
                        Then<S> then = new Then<>(0, type.decider().initialState(), null);
                        for (RecordedEvent event : events) {
                            then = new Then<>(event.streamVersion(),
                                    type.decider().evolve(then.state(), type.events().decode(event, ring)),
                                    event.recordedAt());
                        }
                        return then;
                    });
                })
                .filter(then -> then.version() > 0);
    }

    /**
     * A past state.
     *
     * @param version    the version it had
     * @param state      the state
     * @param recordedAt when that version was recorded
     */
    public record Then<S>(long version, S state, Instant recordedAt) {
    }
}
