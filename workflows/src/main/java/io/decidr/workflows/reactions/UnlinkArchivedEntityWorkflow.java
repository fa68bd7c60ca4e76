package io.decidr.workflows.reactions;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reacts to {@code entity.archived.v1}: the live entities that link to the archived entity are unlinked from it (the
 * backlink, then the link), so nothing points at an archived entity. Restoring the entity does not bring them back.
 */
@WorkflowInterface
public interface UnlinkArchivedEntityWorkflow {

    /** Followed by '/' and the message id. */
    String ID_PREFIX = "unlink-archived-entity";

    /** @return how many links it removed */
    @WorkflowMethod(name = "UnlinkArchivedEntity")
    int unlink(ArchivedEntity archived);
}
