package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** Checkpoints in memory, for tests of the runtime's own logic. */
final class InMemoryCheckpoints implements CheckpointStore {

    final Map<String, Checkpoint> saved = new ConcurrentHashMap<>();
    final AtomicInteger saves = new AtomicInteger();
    final Map<String, Long> epochs = new ConcurrentHashMap<>();

    @Override
    public Mono<Checkpoint> load(String projector) {
        return Mono.fromSupplier(() -> saved.getOrDefault(projector, Checkpoint.START));
    }

    @Override
    public Mono<Void> save(String projector, Checkpoint checkpoint) {
        return Mono.fromRunnable(() -> {
            saves.incrementAndGet();
            saved.put(projector, checkpoint);
        });
    }

    @Override
    public CheckpointStore fencedBy(long epoch) {
        InMemoryCheckpoints all = this;
        return new CheckpointStore() {
            @Override
            public Mono<Checkpoint> load(String projector) {
                return Mono.defer(() -> {
                    long claimed = epochs.merge(projector, epoch, Math::max);
                    return claimed > epoch ? Mono.error(new FencedOut(projector, epoch, claimed)) : all.load(projector);
                });
            }

            @Override
            public Mono<Void> save(String projector, Checkpoint checkpoint) {
                return Mono.defer(() -> {
                    long claimed = epochs.getOrDefault(projector, -1L);
                    return claimed != epoch ? Mono.error(new FencedOut(projector, epoch, claimed)) : all.save(projector, checkpoint);
                });
            }

            @Override
            public CheckpointStore fencedBy(long other) {
                return all.fencedBy(other);
            }
        };
    }
}
