package io.decidr.workflows.reactions;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reacts to {@code tenant.suspended.v1}: every open compute job of the tenant is cancelled, and its workflow then
 * compensates as on any cancel (a suspension does not stop a process from putting back its own work).
 */
@WorkflowInterface
public interface CancelTenantJobsWorkflow {

    /** Followed by '/' and the message id. */
    String ID_PREFIX = "cancel-tenant-jobs";

    /** @return how many jobs it asked to cancel */
    @WorkflowMethod(name = "CancelTenantJobs")
    int cancelJobs(SuspendedTenant suspended);
}
