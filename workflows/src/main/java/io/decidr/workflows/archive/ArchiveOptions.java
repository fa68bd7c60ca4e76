package io.decidr.workflows.archive;

import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.SagaOptions;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** How the archive saga's page activities run; its single commands use {@link SagaOptions}. */
final class ArchiveOptions {

    /**
     * A page heartbeats after each entity: 10 s without one means its worker is gone, and the next attempt resumes
     * after the last entity heartbeated. (A cancel never reaches a page: the workflow lets it finish.)
     */
    static final ActivityOptions PAGES = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .setRetryOptions(RetryOptions.newBuilder()
                    .setInitialInterval(Duration.ofMillis(200))
                    .setBackoffCoefficient(2)
                    .setMaximumInterval(Duration.ofSeconds(5))
                    .setMaximumAttempts(6)
                    .setDoNotRetry(Refusal.NOT_RETRIED)
                    .build())
            .build();

    /** Restoring pages must happen: retried like every compensation, with the pages' heartbeat. */
    static final ActivityOptions RESTORING = ActivityOptions.newBuilder(SagaOptions.COMPENSATIONS)
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setHeartbeatTimeout(Duration.ofSeconds(10))
            .build();

    private ArchiveOptions() {
    }
}
