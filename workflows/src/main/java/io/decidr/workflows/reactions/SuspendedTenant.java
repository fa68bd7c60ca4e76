package io.decidr.workflows.reactions;

import java.util.Objects;
import java.util.UUID;

/** A {@code tenant.suspended.v1} to react to: cancel the tenant's open compute jobs. */
public record SuspendedTenant(UUID tenantId, Trigger trigger) {

    public SuspendedTenant {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(trigger, "trigger");
    }

    public String workflowId() {
        return CancelTenantJobsWorkflow.ID_PREFIX + "/" + trigger.messageId();
    }
}
