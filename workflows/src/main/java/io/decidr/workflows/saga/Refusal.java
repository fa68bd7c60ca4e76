package io.decidr.workflows.saga;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;

/**
 * A rejection as the domain gave it, carried through Temporal: its code, the input field at fault (or null) and its
 * message. A step the domain refuses fails with a non-retryable {@link ApplicationFailure} of type {@link #REJECTED}
 * whose details are these three, so it is never retried and the saga answers it after compensating.
 */
public record Refusal(String code, String field, String message) {

    /** The failure type of a step the domain refused. */
    public static final String REJECTED = "Rejected";

    /** The activity's failure for a refused step. */
    public static ApplicationFailure failure(Rejection rejection) {
        return ApplicationFailure.newNonRetryableFailure(rejection.getMessage(), REJECTED, rejection.code().name(),
                rejection.field().orElse(null), rejection.getMessage());
    }

    /** The refusal an activity failed with; null when it failed otherwise (e.g. out of retries, cancelled). */
    public static Refusal of(ActivityFailure failure) {
        if (failure.getCause() instanceof ApplicationFailure application && REJECTED.equals(application.getType())) {
            return new Refusal(application.getDetails().get(0, String.class), application.getDetails().get(1, String.class),
                    application.getDetails().get(2, String.class));
        }
        return null;
    }

    /** The rejection to answer the API's caller with. */
    public Rejection rejection() {
        return new Rejection(RejectionCode.valueOf(code), field, message);
    }
}
