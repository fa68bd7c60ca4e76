package io.decidr.workflows.link;

import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class LinkEntitiesWorkflowImpl implements LinkEntitiesWorkflow {

    private static final Logger log = Workflow.getLogger(LinkEntitiesWorkflowImpl.class);

    private final LinkActivities steps = Workflow.newActivityStub(LinkActivities.class, LinkSagaSteps.OPTIONS);

    @Override
    public LinkOutcome link(LinkRequest request) {
        return LinkSagaSteps.run(log, "link", request, steps::undoLink, steps::addLink, steps::addBacklink);
    }
}
