package io.decidr.workflows.link;

import io.temporal.activity.ActivityInterface;

/**
 * The steps of the link and unlink sagas, each one command on one entity. A step the domain refuses fails with its
 * {@link io.decidr.workflows.saga.Refusal}, never retried. Every step is idempotent: its command id is derived from the request's command id and the step.
 */
@ActivityInterface
public interface LinkActivities {

    /** Adds the link on the source. */
    StepResult addLink(LinkRequest request);

    /** Records the backlink on the target, which may refuse (archived, missing, a collection the attribute does not allow). */
    StepResult addBacklink(LinkRequest request);

    /** Compensation of {@link #addLink}: removes the link if, and only if, this command added it. */
    StepResult undoLink(LinkRequest request);

    /** Removes the link from the source. */
    StepResult removeLink(LinkRequest request);

    /** Removes the backlink from the target. */
    StepResult removeBacklink(LinkRequest request);

    /** Compensation of {@link #removeLink}: puts the link back if, and only if, this command removed it. */
    StepResult restoreLink(LinkRequest request);
}
