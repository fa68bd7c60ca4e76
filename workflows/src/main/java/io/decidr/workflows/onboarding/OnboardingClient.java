package io.decidr.workflows.onboarding;

import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.Written;
import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.TemporalCalls;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.saga.WorkflowRuns;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Onboards tenants through their saga: checks what it can up front (a platform admin, a known template, a well-formed
 * admin user), starts {@code onboard/<tenant>} (the tenant id follows from the command id, so the same command id
 * finds the run it started before, finished or not) and answers once it has ended: the tenant and its collections, or
 * the refusal that stopped it after compensation.
 */
public final class OnboardingClient {

    private final WorkflowClient client;
    private final Duration wait;

    public OnboardingClient(WorkflowClient client, Duration wait) {
        this.client = client;
        this.wait = wait;
    }

    /** The tenant as onboarded: its id, its version after the admin grant, its stream, its collections in template order. */
    public record Onboarded(UUID tenantId, long version, StreamId stream, List<CreatedCollection> collections,
            boolean duplicate) implements Written {

        @Override
        public Checkpoint last() {
            return null;
        }
    }

    public Mono<Onboarded> onboard(Requester requester, String name, String template, String adminUser, UUID commandId) {
        return TemporalCalls.call(() -> {
                    Authorization.requireRole(requester.actor(), "onboard tenants", Role.PLATFORM_ADMIN);
                    OnboardingRequest request = OnboardingRequest.of(requester, name, template, adminUser, commandId);
                    return WorkflowRuns.startOrJoin(client, OnboardTenantWorkflow.class, options(request),
                            saga -> WorkflowClient.start(saga::onboard, request));
                })
                .flatMap(run -> WorkflowRuns.ended(run, OnboardingOutcome.class, wait)
                        .map(outcome -> onboarded(outcome, run.joined())));
    }

    private static WorkflowOptions options(OnboardingRequest request) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(request.workflowId())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(30))
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, request.tenantId().toString())
                        .build())
                .setMemo(Map.of("requestedBy", request.platformAdmin().user()))
                .setStaticSummary("Onboard tenant " + request.name() + " (" + request.tenantId() + ") from template "
                        + request.template() + " with admin " + request.adminUser() + "; a failure archives what it created"
                        + " and suspends the tenant")
                .build();
    }

    private static Onboarded onboarded(OnboardingOutcome outcome, boolean duplicate) {
        if (!outcome.completed()) {
            throw outcome.refusal().rejection();
        }
        return new Onboarded(outcome.tenantId(), outcome.tenantVersion(),
                Aggregates.TENANT.stream(outcome.tenantId(), outcome.tenantId()), outcome.collections(), duplicate);
    }
}
