package io.decidr.platform.sagas;

import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityDecider;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.handlers.EntityHandler.LinkResult;
import io.decidr.eventstore.handlers.Requester;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.link.LinkEntitiesWorkflow;
import io.decidr.workflows.link.LinkOutcome;
import io.decidr.workflows.link.LinkRequest;
import io.decidr.workflows.link.UnlinkEntitiesWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code linkEntities} and {@code unlinkEntities} as sagas: each starts its workflow (one per command: the same
 * command id finds the run it started before, finished or not) and answers once it has ended, with the result or the
 * refusal that stopped it (after compensation). A caller who may not change entities is refused before any workflow
 * starts.
 */
public final class LinkSagas {

    /** Longer than any attribute name or id. */
    private static final int MAX_ATTRIBUTE_REFERENCE = 200;

    private final WorkflowClient client;
    private final Duration wait;

    public LinkSagas(WorkflowClient client, Duration wait) {
        this.client = client;
        this.wait = wait;
    }

    public Mono<LinkResult> link(Requester requester, EntityId source, String attribute, EntityId target, UUID commandId) {
        EntityDecider.requireMayChange(requester.actor());
        requireAttributeReference(attribute);
        LinkRequest request = LinkRequest.of(requester, source, attribute, target, commandId);
        return run(request, LinkEntitiesWorkflow.ID_PREFIX, "LinkEntities",
                "Link entity " + source + " to " + target + " through " + attribute + ": the link on the source, then"
                        + " the backlink on the target; a refusal undoes the link");
    }

    public Mono<LinkResult> unlink(Requester requester, EntityId source, String attribute, EntityId target, UUID commandId) {
        EntityDecider.requireMayChange(requester.actor());
        requireAttributeReference(attribute);
        LinkRequest request = LinkRequest.of(requester, source, attribute, target, commandId);
        return run(request, UnlinkEntitiesWorkflow.ID_PREFIX, "UnlinkEntities",
                "Unlink entity " + source + " from " + target + " through " + attribute + ": the link off the source,"
                        + " then the backlink off the target; a refusal puts the link back");
    }

    /** An attribute's id or name: a workflow id is made of it, so it is bounded before anything starts. */
    private static void requireAttributeReference(String attribute) {
        if (attribute == null || attribute.isBlank() || attribute.length() > MAX_ATTRIBUTE_REFERENCE) {
            throw Rejection.validation("attribute", "attribute is an attribute's id or name of 1 to "
                    + MAX_ATTRIBUTE_REFERENCE + " characters");
        }
    }

    private Mono<LinkResult> run(LinkRequest request, String prefix, String workflowType, String summary) {
        return Mono.fromCallable(() -> start(request, prefix, workflowType, summary))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(stub -> Mono.fromFuture(() -> stub.getResultAsync(wait.toMillis(), TimeUnit.MILLISECONDS, LinkOutcome.class)))
                .onErrorMap(TimeoutException.class, e -> new IllegalStateException("the " + workflowType + " workflow "
                        + request.workflowId(prefix) + " did not end within " + wait, e))
                .map(outcome -> result(request, outcome));
    }

    private WorkflowStub start(LinkRequest request, String prefix, String workflowType, String summary) {
        String workflowId = request.workflowId(prefix);
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(workflowId)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(10))
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, request.tenantId().toString())
                        .build())
                .setMemo(Map.of("requestedBy", request.user()))
                .setStaticSummary(summary)
                .build();
        WorkflowStub stub = client.newUntypedWorkflowStub(workflowType, options);
        try {
            stub.start(request);
            return stub;
        } catch (WorkflowExecutionAlreadyStarted sameCommand) {
            return client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.of(workflowType));
        }
    }

    private static LinkResult result(LinkRequest request, LinkOutcome outcome) {
        if (!outcome.completed()) {
            throw outcome.refusal().rejection();
        }
        return new LinkResult(request.sourceId(), request.targetId(), outcome.source().version(), outcome.target().version(),
                new StreamId(outcome.source().stream()), new StreamId(outcome.target().stream()), outcome.target().version());
    }
}
