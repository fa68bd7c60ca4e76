package io.decidr.workflows.link;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class UnlinkEntitiesWorkflowImpl implements UnlinkEntitiesWorkflow {

    private static final Logger log = Workflow.getLogger(UnlinkEntitiesWorkflowImpl.class);

    private final LinkActivities steps = Workflow.newActivityStub(LinkActivities.class, LinkSagaSteps.OPTIONS);

    @Override
    public LinkOutcome unlink(LinkRequest request) {
        return LinkSagaSteps.run(log, "unlink", request, steps::restoreLink, steps::removeLink, steps::removeBacklink);
    }
}
