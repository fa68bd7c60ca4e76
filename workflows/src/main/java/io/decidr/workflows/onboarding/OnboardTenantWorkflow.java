package io.decidr.workflows.onboarding;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Onboards a tenant: registers it, creates its template's collections, grants its first admin; a failure archives
 * what it created and suspends the tenant.
 */
@WorkflowInterface
public interface OnboardTenantWorkflow {

    /** The workflow id prefix: {@code onboard/<tenant>}. */
    String ID_PREFIX = "onboard";

    @WorkflowMethod(name = "OnboardTenant")
    OnboardingOutcome onboard(OnboardingRequest request);
}
