package io.decidr.platform.sagas;

import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.eventstore.handlers.Requester;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.onboarding.CreatedCollection;
import io.decidr.workflows.onboarding.OnboardingOutcome;
import io.decidr.workflows.onboarding.OnboardingRequest;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code onboardTenant} as a saga: checks what it can up front (a platform admin, a known template, a well-formed
 * admin user), starts {@code onboard/<tenant>} (the tenant id follows from the command id, so the same command id
 * finds the run it started before, finished or not) and answers once it has ended: the tenant and its collections, or
 * the refusal that stopped it after compensation.
 */
public final class OnboardingSagas {

    private final WorkflowClient client;
    private final Duration wait;

    public OnboardingSagas(WorkflowClient client, Duration wait) {
        this.client = client;
        this.wait = wait;
    }

    /** The tenant as onboarded: its id, its version after the admin grant, its stream, its collections in template order. */
    public record Onboarded(UUID tenantId, long version, StreamId stream, List<CreatedCollection> collections,
            boolean duplicate) {
    }

    public Mono<Onboarded> onboard(Requester requester, String name, String template, String adminUser, UUID commandId) {
        return Mono.fromCallable(() -> {
                    Authorization.requireRole(requester.actor(), "onboard tenants", Role.PLATFORM_ADMIN);
                    OnboardingRequest request = OnboardingRequest.of(requester, name, template, adminUser, commandId);
                    return start(request);
                })
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(started -> Mono.fromFuture(() -> started.stub().getResultAsync(wait.toMillis(),
                                TimeUnit.MILLISECONDS, OnboardingOutcome.class))
                        .onErrorMap(TimeoutException.class, e -> new IllegalStateException("the OnboardTenant workflow "
                                + started.request().workflowId() + " did not end within " + wait, e))
                        .map(outcome -> onboarded(outcome, started.duplicate())));
    }

    private record Started(OnboardingRequest request, WorkflowStub stub, boolean duplicate) {
    }

    private Started start(OnboardingRequest request) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
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
        WorkflowStub stub = client.newUntypedWorkflowStub("OnboardTenant", options);
        try {
            stub.start(request);
            return new Started(request, stub, false);
        } catch (WorkflowExecutionAlreadyStarted sameCommand) {
            return new Started(request, client.newUntypedWorkflowStub(request.workflowId(), Optional.empty(),
                    Optional.of("OnboardTenant")), true);
        }
    }

    private static Onboarded onboarded(OnboardingOutcome outcome, boolean duplicate) {
        if (!outcome.completed()) {
            throw outcome.refusal().rejection();
        }
        return new Onboarded(outcome.tenantId(), outcome.tenantVersion(),
                Aggregates.TENANT.stream(outcome.tenantId(), outcome.tenantId()), outcome.collections(), duplicate);
    }
}
