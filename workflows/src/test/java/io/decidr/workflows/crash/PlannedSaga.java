package io.decidr.workflows.crash;

import io.decidr.workflows.link.LinkEntitiesWorkflow;
import io.decidr.workflows.link.LinkRequest;

/**
 * A link saga the test starts, and how it must end.
 *
 * @param refusal the code the target refuses the backlink with, so that the saga undoes the link; null when it links
 */
record PlannedSaga(LinkRequest request, String refusal) {

    String workflowId() {
        return request.workflowId(LinkEntitiesWorkflow.ID_PREFIX);
    }

    boolean links() {
        return refusal == null;
    }
}
