package io.decidr.messaging.webhooks;

/** What one attempt to send a delivery came to. */
sealed interface DeliveryOutcome {

    int durationMillis();

    /** Answered with a 2xx. */
    record Delivered(int status, int durationMillis) implements DeliveryOutcome {
    }

    /** Answered with another status (redirects are not followed: they are failures too). */
    record Refused(int status, int durationMillis) implements DeliveryOutcome {
    }

    /** No answer: timed out, connection refused or reset, or the address is not allowed (any more). */
    record Unanswered(String error, int durationMillis) implements DeliveryOutcome {
    }
}
