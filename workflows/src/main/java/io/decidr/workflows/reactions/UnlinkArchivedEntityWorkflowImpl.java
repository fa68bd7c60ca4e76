package io.decidr.workflows.reactions;

import io.decidr.workflows.saga.SagaOptions;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

/** One step, retried as the sagas' steps are; each unlink inside it is idempotent (command ids from the message). */
public class UnlinkArchivedEntityWorkflowImpl implements UnlinkArchivedEntityWorkflow {

    private static final Logger log = Workflow.getLogger(UnlinkArchivedEntityWorkflowImpl.class);

    private final ReactionActivities steps = Workflow.newActivityStub(ReactionActivities.class, SagaOptions.COMPENSATIONS);

    @Override
    public int unlink(ArchivedEntity archived) {
        int removed = steps.unlinkIncoming(archived);
        log.info("entity {} archived ({}): {} links into it removed", archived.entityId(),
                archived.trigger().messageId(), removed);
        return removed;
    }
}
