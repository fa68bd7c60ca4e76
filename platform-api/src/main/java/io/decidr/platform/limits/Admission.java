package io.decidr.platform.limits;

import java.time.Duration;

/** Whether a tenant's operation may start now. */
public sealed interface Admission {

    /** The operation may start. */
    Admission ADMITTED = new Admitted();

    /** It may start. */
    record Admitted() implements Admission {
    }

    /** It may not: the tenant used its rate; one more operation is allowed after {@code retryAfter}. */
    record Throttled(Duration retryAfter) implements Admission {

        /** Whole seconds to wait (at least 1), as {@code Retry-After} and {@code retryAfterSeconds} state it. */
        public long retryAfterSeconds() {
            long seconds = retryAfter.toSeconds();
            return Math.max(1, retryAfter.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1);
        }
    }
}
