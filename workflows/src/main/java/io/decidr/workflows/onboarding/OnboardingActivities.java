package io.decidr.workflows.onboarding;

import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import io.temporal.activity.ActivityInterface;
import java.util.Map;
import java.util.UUID;

/**
 * The steps of onboarding and their compensations. A step the domain refuses fails with a {@link Refusal#REJECTED}
 * failure. Each step's command id is derived from the workflow id, the step and its subject, so a step that runs
 * again changes nothing more. Compensations are never refused: one that finds nothing of this saga's to undo (never
 * created, archived or suspended already) does nothing and says so.
 */
@ActivityInterface(namePrefix = "Onboarding.")
public interface OnboardingActivities {

    /** Registers the tenant under the id the request names. */
    StepDone registerTenant(OnboardingRequest request);

    /** Creates one of the template's collections (no attributes yet). */
    CreatedCollection createCollection(OnboardingRequest request, String collection);

    /**
     * Defines one collection's attributes, in order; a LINK's target is named by its template name and found in
     * {@code collectionIds}. Answers how many it defined.
     */
    int defineAttributes(OnboardingRequest request, String collection, Map<String, UUID> collectionIds);

    /** Grants the tenant's first admin. */
    StepDone grantAdmin(OnboardingRequest request);

    /** Compensation of {@link #createCollection}: archives the collection, if this saga created it. */
    StepDone archiveCollection(OnboardingRequest request, String collection);

    /** Compensation of {@link #registerTenant}: suspends the tenant for {@code reason}, if this saga registered it. */
    StepDone suspendTenant(OnboardingRequest request, String reason);
}
