package io.decidr.workflows.job;

import io.decidr.workflows.saga.Refusal;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How often each step of a job (its start, every chunk, its compensation) is tried, and how long it waits between
 * tries (doubling from {@code initialInterval} up to {@code maximumInterval}). Finite, so a step that fails every
 * time (a bug, a poisoned item, a dependency gone for good) ends the job FAILED ({@code JOB_STEP_FAILED}) instead of
 * keeping it RUNNING and a worker slot busy. Chosen per job kind when the job starts and carried in its
 * {@link JobInput}: workflow code reads no configuration.
 *
 * @param maxAttempts tries in all, the first included (1: never retried)
 */
public record JobRetry(int maxAttempts, Duration initialInterval, Duration maximumInterval) {

    /** Five tries over about 15 seconds: past a restart of a dependency, not past a bug. */
    public static final JobRetry DEFAULT = new JobRetry(5, Duration.ofSeconds(1), Duration.ofMinutes(1));

    public JobRetry {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a job step is tried at least once, not " + maxAttempts + " times");
        }
        Objects.requireNonNull(initialInterval, "initialInterval");
        Objects.requireNonNull(maximumInterval, "maximumInterval");
        if (initialInterval.isNegative() || initialInterval.isZero()) {
            throw new IllegalArgumentException("the first wait between tries must be positive: " + initialInterval);
        }
        if (maximumInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("the longest wait between tries (" + maximumInterval
                    + ") is shorter than the first (" + initialInterval + ")");
        }
    }

    RetryOptions options() {
        return RetryOptions.newBuilder()
                .setMaximumAttempts(maxAttempts)
                .setInitialInterval(initialInterval)
                .setMaximumInterval(maximumInterval)
                .setDoNotRetry(Refusal.NOT_RETRIED)
                .build();
    }
}
