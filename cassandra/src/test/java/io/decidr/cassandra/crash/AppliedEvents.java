package io.decidr.cassandra.crash;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.projections.runtime.Projection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * What each projector applied, event by event: how many times, and when first. A projection wrapped with
 * {@link #recording(Projection)} records each event it applied (events of other aggregates, which it ignores, too:
 * they are part of what its projector works through).
 */
final class AppliedEvents {

    /** One event as one projector applied it; {@code firstNanos} is {@link System#nanoTime()} after the first time. */
    record Applied(long position, int times, long firstNanos) {
    }

    private final Map<String, Map<UUID, Applied>> byProjector = new ConcurrentHashMap<>();

    Projection recording(Projection projection) {
        Map<UUID, Applied> applied = byProjector.computeIfAbsent(projection.name(), name -> new ConcurrentHashMap<>());
        return new Projection() {
            @Override
            public String name() {
                return projection.name();
            }

            @Override
            public Mono<Void> apply(RecordedEvent event) {
                return projection.apply(event).doOnSuccess(done -> applied.merge(event.eventId(),
                        new Applied(event.checkpoint().position(), 1, System.nanoTime()),
                        (before, again) -> new Applied(before.position(), before.times() + 1, before.firstNanos())));
            }
        };
    }

    /** Event id to how the projector applied it; empty for a projector never recorded. */
    Map<UUID, Applied> of(String projector) {
        return Map.copyOf(byProjector.getOrDefault(projector, Map.of()));
    }
}
