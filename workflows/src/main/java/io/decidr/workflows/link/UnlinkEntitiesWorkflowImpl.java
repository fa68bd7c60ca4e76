package io.decidr.workflows.link;

import io.decidr.workflows.saga.SagaOptions;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

public class UnlinkEntitiesWorkflowImpl implements UnlinkEntitiesWorkflow {

    private static final Logger log = Workflow.getLogger(UnlinkEntitiesWorkflowImpl.class);

    private final LinkActivities steps = Workflow.newActivityStub(LinkActivities.class, SagaOptions.STEPS);
    private final LinkActivities compensations = Workflow.newActivityStub(LinkActivities.class, SagaOptions.COMPENSATIONS);

    @Override
    public LinkOutcome unlink(LinkRequest request) {
        return LinkSagaSteps.run(log, "unlink", request, compensations::restoreLink, steps::removeLink, steps::removeBacklink);
    }
}
