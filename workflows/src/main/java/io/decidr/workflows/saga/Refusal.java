package io.decidr.workflows.saga;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * A rejection as the domain gave it, carried through Temporal: its code, the input field at fault (or null) and its
 * message. A step the domain refuses fails with a non-retryable {@link ApplicationFailure} of type {@link #REJECTED}
 * whose details are these three, so it is never retried and the workflow answers it (a saga after compensating, a
 * job as its failure). Every workflow's activities carry refusals this one way.
 */
public record Refusal(String code, String field, String message) {

    /** The failure type of a step the domain refused. */
    public static final String REJECTED = "Rejected";

    /**
     * The type compute jobs' steps failed with when they let the rejection itself through (the exception's class):
     * histories of runs from before keep it, so it is still read as a refusal.
     */
    static final String EARLIER_JOB_REJECTION = Rejection.class.getName();

    /** The failure types an activity is never retried on: a refused step gets the same answer every time. */
    public static final String[] NOT_RETRIED = {REJECTED, EARLIER_JOB_REJECTION};

    /** The activity's failure for a refused step. */
    public static ApplicationFailure failure(Rejection rejection) {
        return ApplicationFailure.newNonRetryableFailure(rejection.getMessage(), REJECTED, rejection.code().name(),
                rejection.field().orElse(null), rejection.getMessage());
    }

    /** Runs an activity's step; a rejection of the domain leaves it as its {@link #failure}. */
    public static <T> T refusing(Supplier<T> step) {
        try {
            return step.get();
        } catch (Rejection rejection) {
            throw failure(rejection);
        }
    }

    /** As {@link #refusing(Supplier)}, for a step that answers nothing. */
    public static void refusing(Runnable step) {
        refusing(() -> {
            step.run();
            return null;
        });
    }

    /** Whether an activity failed because the domain refused its step. */
    public static boolean refused(ActivityFailure failure) {
        return failure.getCause() instanceof ApplicationFailure application
                && (REJECTED.equals(application.getType()) || EARLIER_JOB_REJECTION.equals(application.getType()));
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
