package io.decidr.workflows.link;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.EntityDecider;
import io.decidr.domain.entity.EntityId;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.TemporalCalls;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.decidr.workflows.saga.WorkflowRuns;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * Links and unlinks entities through their sagas: each command starts its workflow (the same command id finds the run
 * it started before, finished or not) and answers once it has ended, with both ends' versions or the refusal that
 * stopped it after compensation. A caller who may not change entities is refused before any workflow starts.
 */
public final class LinkClient {

    /** Longer than any attribute name or id. */
    private static final int MAX_ATTRIBUTE_REFERENCE = 200;

    private final WorkflowClient client;
    private final Duration wait;

    public LinkClient(WorkflowClient client, Duration wait) {
        this.client = client;
        this.wait = wait;
    }

    public Mono<LinkResult> link(Requester requester, EntityId source, String attribute, EntityId target, UUID commandId) {
        return TemporalCalls.call(() -> {
                    LinkRequest request = checked(requester, source, attribute, target, commandId);
                    WorkflowOptions options = options(request, LinkEntitiesWorkflow.ID_PREFIX, "Link entity " + source
                            + " to " + target + " through " + attribute + ": the link on the source, then the backlink"
                            + " on the target; a refusal undoes the link");
                    return new Started(request, WorkflowRuns.startOrJoin(client, LinkEntitiesWorkflow.class, options,
                            saga -> WorkflowClient.start(saga::link, request)));
                })
                .flatMap(this::ended);
    }

    public Mono<LinkResult> unlink(Requester requester, EntityId source, String attribute, EntityId target, UUID commandId) {
        return TemporalCalls.call(() -> {
                    LinkRequest request = checked(requester, source, attribute, target, commandId);
                    WorkflowOptions options = options(request, UnlinkEntitiesWorkflow.ID_PREFIX, "Unlink entity "
                            + source + " from " + target + " through " + attribute + ": the link off the source, then"
                            + " the backlink off the target; a refusal puts the link back");
                    return new Started(request, WorkflowRuns.startOrJoin(client, UnlinkEntitiesWorkflow.class, options,
                            saga -> WorkflowClient.start(saga::unlink, request)));
                })
                .flatMap(this::ended);
    }

    private record Started(LinkRequest request, WorkflowRuns.Run run) {
    }

    private Mono<LinkResult> ended(Started started) {
        return WorkflowRuns.ended(started.run(), LinkOutcome.class, wait)
                .map(outcome -> LinkResult.of(started.request(), outcome));
    }

    /** Who may link, and an attribute reference a workflow id can be made of, checked before anything starts. */
    private static LinkRequest checked(Requester requester, EntityId source, String attribute, EntityId target,
            UUID commandId) {
        EntityDecider.requireMayChange(requester.actor());
        if (attribute == null || attribute.isBlank() || attribute.length() > MAX_ATTRIBUTE_REFERENCE) {
            throw Rejection.validation("attribute", "attribute is an attribute's id or name of 1 to "
                    + MAX_ATTRIBUTE_REFERENCE + " characters");
        }
        return LinkRequest.of(requester, source, attribute, target, commandId);
    }

    private static WorkflowOptions options(LinkRequest request, String prefix, String summary) {
        return WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(request.workflowId(prefix))
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setWorkflowExecutionTimeout(Duration.ofMinutes(10))
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(WorkflowSearchAttributes.TENANT_ID, request.tenantId().toString())
                        .build())
                .setMemo(Map.of("requestedBy", request.user()))
                .setStaticSummary(summary)
                .build();
    }
}
