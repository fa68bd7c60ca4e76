package io.decidr.cassandra.crash;

import io.decidr.eventstore.RecordedEvent;
import io.decidr.projections.runtime.Projection;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import reactor.core.publisher.Mono;

/**
 * A projection that counts the events handed to it once they are applied (events of other aggregates, which the
 * projection ignores, count too: they are part of what a projector works through).
 */
final class CountingProjection implements Projection {

    private final Projection delegate;
    private final AtomicLong applied;
    private final LongConsumer onApplied;

    /**
     * @param applied   the counter, possibly shared by several projections
     * @param onApplied told the counter's new value after each applied event
     */
    CountingProjection(Projection delegate, AtomicLong applied, LongConsumer onApplied) {
        this.delegate = delegate;
        this.applied = applied;
        this.onApplied = onApplied;
    }

    CountingProjection(Projection delegate, AtomicLong applied) {
        this(delegate, applied, count -> { });
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Mono<Void> apply(RecordedEvent event) {
        return delegate.apply(event).doOnSuccess(done -> onApplied.accept(applied.incrementAndGet()));
    }
}
