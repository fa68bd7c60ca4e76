package io.decidr.workflows.reactions;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reacts to {@code collection.attribute-removed.v1}: page by page through the collection's entities (archived ones
 * too), the values and links they still hold of the removed attribute are cleared, and the backlinks of those links
 * removed from their targets.
 */
@WorkflowInterface
public interface PurgeRemovedAttributeWorkflow {

    /** Followed by '/' and the message id. */
    String ID_PREFIX = "purge-removed-attribute";

    @WorkflowMethod(name = "PurgeRemovedAttribute")
    PurgeProgress purge(RemovedAttribute removed, PurgeProgress from);

    @QueryMethod
    PurgeProgress progress();
}
