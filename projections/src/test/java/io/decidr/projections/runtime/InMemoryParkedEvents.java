package io.decidr.projections.runtime;

import io.decidr.eventstore.StreamId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Parked events in memory, for tests of the runtime's own logic. */
final class InMemoryParkedEvents implements ParkedEventStore {

    final Map<UUID, ParkedEvent> events = new ConcurrentHashMap<>();

    @Override
    public Mono<Void> park(ParkedEvent event) {
        return Mono.fromRunnable(() -> events.put(event.eventId(), event));
    }

    @Override
    public Flux<ParkedEvent> list(String projector) {
        return Flux.defer(() -> Flux.fromIterable(List.copyOf(events.values())))
                .filter(event -> event.projector().equals(projector))
                .sort(Comparator.comparing((ParkedEvent e) -> e.stream().value()).thenComparingLong(ParkedEvent::streamVersion));
    }

    @Override
    public Mono<Void> remove(String projector, StreamId stream, UUID eventId) {
        return Mono.fromRunnable(() -> events.remove(eventId));
    }
}
