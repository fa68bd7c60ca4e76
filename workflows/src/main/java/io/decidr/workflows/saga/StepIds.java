package io.decidr.workflows.saga;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The command id of one saga step on one subject, derived from the saga's key (its workflow id, and for a workflow id
 * that may run again, the run), the step and the subject: a retried activity or a replayed workflow sends the very same
 * command, which the event store answers as a duplicate, so no step has its effect twice.
 */
public final class StepIds {

    private StepIds() {
    }

    /** E.g. {@code of("onboard/<tenant>", "create-collection", "Companies")}. */
    public static UUID of(String sagaKey, String step, Object... subject) {
        StringBuilder name = new StringBuilder(sagaKey).append('/').append(step);
        for (Object part : subject) {
            name.append('/').append(part);
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8));
    }
}
