package io.decidr.workflows.saga;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** How the sagas' activities are retried. */
public final class SagaOptions {

    /** Quick CommandBus calls: a few quick retries, then give up and compensate. A refusal is never retried. */
    public static final ActivityOptions STEPS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(200))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(5))
                    .setMaximumAttempts(6)
                    .setDoNotRetry(Refusal.NOT_RETRIED)
                    .build())
            .build();

    /**
     * Compensations must happen: retried for up to 15 minutes (e.g. through a database fail-over) before the saga gives
     * up and fails, for an operator to look at. They are never refused, so nothing is excluded from retrying.
     */
    public static final ActivityOptions COMPENSATIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setScheduleToCloseTimeout(Duration.ofMinutes(15))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(500))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofMinutes(1))
                    .build())
            .build();

    private SagaOptions() {
    }
}
