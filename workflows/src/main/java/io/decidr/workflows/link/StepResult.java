package io.decidr.workflows.link;

/**
 * One step of a link or unlink saga, as recorded in the workflow's history.
 *
 * @param stream  the entity's stream, e.g. {@code entity:<tenant>:<id>}
 * @param version its version after the step
 * @param changed whether this command changed the entity in this step
 */
public record StepResult(String stream, long version, boolean changed) {
}
