package io.decidr.workflows.link;

import io.decidr.workflows.saga.SagaOptions;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class LinkEntitiesWorkflowImpl implements LinkEntitiesWorkflow {

    private static final Logger log = Workflow.getLogger(LinkEntitiesWorkflowImpl.class);

    private final LinkActivities steps = Workflow.newActivityStub(LinkActivities.class, SagaOptions.STEPS);
    private final LinkActivities compensations = Workflow.newActivityStub(LinkActivities.class, SagaOptions.COMPENSATIONS);

    @Override
    public LinkOutcome link(LinkRequest request) {
        return LinkSagaSteps.run(log, "link", request, compensations::undoLink, steps::addLink, steps::addBacklink);
    }
}
