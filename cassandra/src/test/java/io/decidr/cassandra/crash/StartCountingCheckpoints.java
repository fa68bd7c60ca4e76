package io.decidr.cassandra.crash;

import io.decidr.eventstore.Checkpoint;
import io.decidr.projections.runtime.CheckpointStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * A checkpoint store that counts how often each projector loaded its checkpoint. A projector loads it when it starts
 * and again each time its loop restarts after a failure (re-applying what it applied since it last stored it), so a
 * count above one says the projector may legitimately have applied some events twice.
 */
final class StartCountingCheckpoints implements CheckpointStore {

    private final CheckpointStore delegate;
    private final Map<String, AtomicInteger> loads;

    StartCountingCheckpoints(CheckpointStore delegate) {
        this(delegate, new ConcurrentHashMap<>());
    }

    private StartCountingCheckpoints(CheckpointStore delegate, Map<String, AtomicInteger> loads) {
        this.delegate = delegate;
        this.loads = loads;
    }

    /** Over checkpoints kept in memory, which never fail: a projector on these restarts only if reading the log fails. */
    static StartCountingCheckpoints inMemory() {
        Map<String, Checkpoint> saved = new ConcurrentHashMap<>();
        return new StartCountingCheckpoints(new CheckpointStore() {
            @Override
            public Mono<Checkpoint> load(String projector) {
                return Mono.fromSupplier(() -> saved.getOrDefault(projector, Checkpoint.START));
            }

            @Override
            public Mono<Void> save(String projector, Checkpoint checkpoint) {
                return Mono.fromRunnable(() -> saved.put(projector, checkpoint));
            }

            @Override
            public CheckpointStore fencedBy(long epoch) {
                throw new UnsupportedOperationException("checkpoints in memory are for a single unfenced runner");
            }
        });
    }

    @Override
    public Mono<Checkpoint> load(String projector) {
        return Mono.defer(() -> {
            loads.computeIfAbsent(projector, name -> new AtomicInteger()).incrementAndGet();
            return delegate.load(projector);
        });
    }

    @Override
    public Mono<Void> save(String projector, Checkpoint checkpoint) {
        return delegate.save(projector, checkpoint);
    }

    @Override
    public CheckpointStore fencedBy(long epoch) {
        return new StartCountingCheckpoints(delegate.fencedBy(epoch), loads);
    }

    /** How many times the projector started its loop (0 if never). */
    int starts(String projector) {
        AtomicInteger count = loads.get(projector);
        return count == null ? 0 : count.get();
    }
}
