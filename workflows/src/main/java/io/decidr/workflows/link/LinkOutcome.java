package io.decidr.workflows.link;

import io.decidr.workflows.saga.Refusal;

/**
 * How a link or unlink saga ended: done, or refused (by the source or the target) and compensated.
 *
 * @param refusal the rejection that stopped it, when refused
 */
public record LinkOutcome(StepResult source, StepResult target, Refusal refusal) {

    public static LinkOutcome done(StepResult source, StepResult target) {
        return new LinkOutcome(source, target, null);
    }

    public static LinkOutcome refused(Refusal refusal) {
        return new LinkOutcome(null, null, refusal);
    }

    public boolean completed() {
        return refusal == null;
    }
}
