package io.decidr.workflows.saga;

import io.decidr.application.handlers.Result;

/**
 * One step of a saga on one aggregate, as its workflow's history records it.
 *
 * @param stream  the aggregate's stream, e.g. {@code tenant:<tenant>:<tenant>}
 * @param version its version after the step
 * @param changed whether this saga's command changed it (now, or in an earlier attempt of the same step)
 */
public record StepDone(String stream, long version, boolean changed) {

    /** A command's result; a command recorded for this step always changed something (steps that may not, say so). */
    public static StepDone of(Result result) {
        return new StepDone(result.stream().value(), result.version(), true);
    }

    /** A compensation that found nothing of this saga's to undo. */
    public static StepDone nothing(String stream) {
        return new StepDone(stream, 0, false);
    }
}
