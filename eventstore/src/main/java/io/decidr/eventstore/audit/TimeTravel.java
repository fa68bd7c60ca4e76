package io.decidr.eventstore.audit;

import io.decidr.eventstore.PostgresEventStore;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.AggregateType;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;

/** An aggregate's state as it was at a version or a moment, folded from its event stream (never from read models). */
public final class TimeTravel {

    private final PostgresEventStore store;

    public TimeTravel(PostgresEventStore store) {
        this.store = Objects.requireNonNull(store, "store");
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
                .reduce(new Then<>(0, type.decider().initialState(), null), (then, event) -> new Then<>(
                        event.streamVersion(), type.decider().evolve(then.state(), type.events().decode(event)),
                        event.recordedAt()))
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
