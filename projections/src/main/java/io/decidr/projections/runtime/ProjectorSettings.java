package io.decidr.projections.runtime;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Tuning of one projector.
 *
 * @param batchSize        events read from {@code $all} at a time
 * @param parallelism      streams applied concurrently within a batch
 * @param attempts         tries of one event before it is parked
 * @param retryBackoff     first pause between tries (doubles each time)
 * @param transientFailure failures of the read-model store itself (unreachable, timed out): the batch is
 *                         retried until the store is back, and nothing is parked
 * @param checkpointEvery  how often at most the checkpoint is stored (zero: after every batch); the batches in between
 *                         are applied again after a crash, which the projection's idempotence makes harmless
 */
public record ProjectorSettings(
        int batchSize, int parallelism, int attempts, Duration retryBackoff, Predicate<Throwable> transientFailure,
        Duration checkpointEvery) {

    public static ProjectorSettings defaults(Predicate<Throwable> transientFailure) {
        return new ProjectorSettings(500, 8, 3, Duration.ofMillis(20), transientFailure, Duration.ofMillis(100));
    }
}
