package io.decidr.projections.runtime;

import io.decidr.eventstore.Checkpoint;
import java.util.Objects;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Checkpoints that, once stored, are announced to whoever waits for them in other processes (a mutation with
 * {@code consistency: STRONG}, a subscription), so those never poll the store. The announcement is sent after the
 * save and not awaited; one that fails is logged and lost (waiters read the store again when they reconnect).
 */
public final class AnnouncedCheckpoints implements CheckpointStore {

    private static final Logger log = LoggerFactory.getLogger(AnnouncedCheckpoints.class);

    private final CheckpointStore stored;
    private final BiFunction<String, Checkpoint, Mono<Void>> announce;

    public AnnouncedCheckpoints(CheckpointStore stored, BiFunction<String, Checkpoint, Mono<Void>> announce) {
        this.stored = Objects.requireNonNull(stored, "stored");
        this.announce = Objects.requireNonNull(announce, "announce");
    }

    @Override
    public Mono<Checkpoint> load(String projector) {
        return stored.load(projector);
    }

    @Override
    public Mono<Void> save(String projector, Checkpoint checkpoint) {
        return stored.save(projector, checkpoint).doOnSuccess(saved -> announce.apply(projector, checkpoint)
                .subscribe(null, failure -> log.debug("could not announce the checkpoint of {}: {}", projector, failure.toString())));
    }

    @Override
    public CheckpointStore fencedBy(long epoch) {
        return new AnnouncedCheckpoints(stored.fencedBy(epoch), announce);
    }
}
