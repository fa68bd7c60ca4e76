package io.decidr.workflows.onboarding;

import io.decidr.workflows.saga.Refusal;
import java.util.List;
import java.util.UUID;

/**
 * How an onboarding saga ended: done (the tenant, its version after the admin grant, the collections in template
 * order), or refused and compensated.
 */
public record OnboardingOutcome(UUID tenantId, long tenantVersion, List<CreatedCollection> collections, Refusal refusal) {

    public OnboardingOutcome {
        collections = collections == null ? List.of() : List.copyOf(collections);
    }

    public static OnboardingOutcome done(UUID tenantId, long tenantVersion, List<CreatedCollection> collections) {
        return new OnboardingOutcome(tenantId, tenantVersion, collections, null);
    }

    public static OnboardingOutcome refused(UUID tenantId, Refusal refusal) {
        return new OnboardingOutcome(tenantId, 0, List.of(), refusal);
    }

    public boolean completed() {
        return refusal == null;
    }
}
