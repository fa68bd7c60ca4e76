package io.decidr.workflows.onboarding;

import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.SagaOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;

/**
 * Register, create each collection, define each collection's attributes (after every collection exists, so that a
 * LINK finds its target), grant the admin. Each compensation is registered before its step; they run in reverse, in a
 * detached scope: archive the collections created, then suspend the tenant, the reason naming the step that failed.
 */
public class OnboardTenantWorkflowImpl implements OnboardTenantWorkflow {

    /** Keeps the suspension reason within what a tenant accepts. */
    private static final int MAX_REASON = 900;

    private static final Logger log = Workflow.getLogger(OnboardTenantWorkflowImpl.class);

    private final OnboardingActivities steps = Workflow.newActivityStub(OnboardingActivities.class, SagaOptions.STEPS);
    private final OnboardingActivities undo = Workflow.newActivityStub(OnboardingActivities.class, SagaOptions.COMPENSATIONS);

    /** The step under way, for the suspension reason. */
    private String step = "start";
    private String failure;

    @Override
    public OnboardingOutcome onboard(OnboardingRequest request) {
        Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
        try {
            step = "register tenant " + request.name();
            saga.addCompensation(() -> undo.suspendTenant(request, failure));
            steps.registerTenant(request);

            Map<String, UUID> ids = new LinkedHashMap<>();
            List<CreatedCollection> created = new ArrayList<>();
            for (CollectionSpec collection : request.collections()) {
                step = "create collection " + collection.name();
                saga.addCompensation(undo::archiveCollection, request, collection.name());
                CreatedCollection done = steps.createCollection(request, collection.name());
                ids.put(collection.name(), done.id());
                created.add(done);
            }
            for (CollectionSpec collection : request.collections()) {
                step = "define the attributes of " + collection.name();
                steps.defineAttributes(request, collection.name(), ids);
            }
            step = "grant admin " + request.adminUser();
            long version = steps.grantAdmin(request).version();
            log.info("onboarded tenant {} ({}) with {} collections", request.tenantId(), request.template(), created.size());
            return OnboardingOutcome.done(request.tenantId(), version, created);
        } catch (ActivityFailure | CanceledFailure stopped) {
            Refusal refusal = stopped instanceof ActivityFailure activity ? Refusal.of(activity) : null;
            failure = reason(refusal, stopped);
            Workflow.newDetachedCancellationScope(saga::compensate).run();
            if (refusal == null) {
                log.warn("onboarding of tenant {} stopped and was compensated: {}", request.tenantId(), failure);
                throw stopped;
            }
            log.info("onboarding of tenant {} refused and compensated: {}", request.tenantId(), failure);
            return OnboardingOutcome.refused(request.tenantId(), refusal);
        }
    }

    private String reason(Refusal refusal, RuntimeException stopped) {
        String why = refusal != null ? refusal.code() + ": " + refusal.message()
                : stopped instanceof CanceledFailure || stopped.getCause() instanceof CanceledFailure ? "cancelled"
                : String.valueOf(stopped.getCause() != null ? stopped.getCause().getMessage() : stopped.getMessage());
        String reason = "onboarding failed at " + step + " (" + why + ")";
        return reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 1) + "…";
    }
}
