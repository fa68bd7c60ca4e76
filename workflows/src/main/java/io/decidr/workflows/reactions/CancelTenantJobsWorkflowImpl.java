package io.decidr.workflows.reactions;

import io.decidr.workflows.saga.SagaOptions;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;

/** Lists the tenant's open jobs, then cancels them one by one (each cancel idempotent: its command id from the message). */
public class CancelTenantJobsWorkflowImpl implements CancelTenantJobsWorkflow {

    private static final Logger log = Workflow.getLogger(CancelTenantJobsWorkflowImpl.class);

    private final ReactionActivities steps = Workflow.newActivityStub(ReactionActivities.class, SagaOptions.COMPENSATIONS);

    @Override
    public int cancelJobs(SuspendedTenant suspended) {
        List<UUID> jobs = steps.openJobs(suspended);
        int cancelled = 0;
        for (UUID job : jobs) {
            if (steps.cancelJob(suspended, job)) {
                cancelled++;
            }
        }
        log.info("tenant {} suspended ({}): {} of {} open jobs cancelled", suspended.tenantId(),
                suspended.trigger().messageId(), cancelled, jobs.size());
        return cancelled;
    }
}
