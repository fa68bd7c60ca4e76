package io.decidr.workflows.link;

/**
 * How a link or unlink saga ended: done, or refused (by the source or the target) and compensated.
 *
 * @param refusal the rejection that stopped it, when refused
 */
public record LinkOutcome(StepResult source, StepResult target, Refusal refusal) {

    /** A rejection as the domain gave it: its code, the input field at fault (or null) and its message. */
    public record Refusal(String code, String field, String message) {
    }

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
