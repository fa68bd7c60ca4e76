package io.decidr.workflows.reactions;

import io.decidr.messaging.contract.CollectionEvents;
import io.decidr.messaging.contract.EntityEvents;
import io.decidr.messaging.contract.IntegrationEventTypes;
import io.decidr.messaging.contract.TenantEvents;
import io.decidr.workflows.TaskQueues;
import io.decidr.workflows.WorkflowSearchAttributes;
import io.eventuate.tram.events.subscriber.DomainEventEnvelope;
import io.eventuate.tram.events.subscriber.DomainEventHandlers;
import io.eventuate.tram.events.subscriber.DomainEventHandlersBuilder;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event-driven process managers, as one Tram subscriber ({@value #SUBSCRIBER}): each handled message starts its
 * workflow, named after the message id, and returns once Temporal has it. A redelivered message (Tram's duplicate
 * detection missed it because the first attempt's transaction did not commit) finds the workflow started and is done.
 */
public final class ProcessManagers {

    public static final String SUBSCRIBER = "decidr-process-managers";

    /** Memo keys: what triggered the workflow. */
    public static final String MESSAGE_ID = "messageId";
    public static final String EVENT_TYPE = "eventType";

    private static final Logger log = LoggerFactory.getLogger(ProcessManagers.class);

    private final WorkflowClient client;

    public ProcessManagers(WorkflowClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /** The handlers to subscribe (Tram's {@code DomainEventDispatcher}). */
    public DomainEventHandlers handlers() {
        return DomainEventHandlersBuilder.forAggregateType(IntegrationEventTypes.ENTITY)
                .onEvent(EntityEvents.Archived.class, this::entityArchived)
                .andForAggregateType(IntegrationEventTypes.COLLECTION)
                .onEvent(CollectionEvents.AttributeRemoved.class, this::attributeRemoved)
                .andForAggregateType(IntegrationEventTypes.TENANT)
                .onEvent(TenantEvents.Suspended.class, this::tenantSuspended)
                .build();
    }

    private void tenantSuspended(DomainEventEnvelope<TenantEvents.Suspended> envelope) {
        SuspendedTenant suspended = new SuspendedTenant(UUID.fromString(envelope.getEvent().tenantId()),
                trigger(envelope));
        start(CancelTenantJobsWorkflow.class, suspended.workflowId(), suspended.tenantId(), null, suspended.trigger(),
                "Tenant " + suspended.tenantId() + " was suspended: cancel its open compute jobs (each compensates)",
                workflow -> WorkflowClient.start(workflow::cancelJobs, suspended));
    }

    private void attributeRemoved(DomainEventEnvelope<CollectionEvents.AttributeRemoved> envelope) {
        CollectionEvents.AttributeRemoved event = envelope.getEvent();
        RemovedAttribute removed = new RemovedAttribute(UUID.fromString(event.tenantId()),
                UUID.fromString(event.collectionId()), UUID.fromString(event.attributeId()), trigger(envelope),
                RemovedAttribute.PAGE_SIZE, RemovedAttribute.PAGES_PER_RUN);
        start(PurgeRemovedAttributeWorkflow.class, removed.workflowId(), removed.tenantId(), removed.collectionId(),
                removed.trigger(), "Attribute " + removed.attributeId() + " was removed from collection "
                        + removed.collectionId() + ": clear its values and links from the collection's entities, "
                        + RemovedAttribute.PAGE_SIZE + " a page",
                workflow -> WorkflowClient.start(workflow::purge, removed, PurgeProgress.START));
    }

    private void entityArchived(DomainEventEnvelope<EntityEvents.Archived> envelope) {
        EntityEvents.Archived event = envelope.getEvent();
        ArchivedEntity archived = new ArchivedEntity(UUID.fromString(event.tenantId()), UUID.fromString(event.entityId()),
                trigger(envelope));
        start(UnlinkArchivedEntityWorkflow.class, archived.workflowId(), archived.tenantId(), null, archived.trigger(),
                "Entity " + archived.entityId() + " was archived: unlink the live entities that link to it",
                workflow -> WorkflowClient.start(workflow::unlink, archived));
    }

    private static Trigger trigger(DomainEventEnvelope<?> envelope) {
        // the dispatcher has put the contract's class name in event-type: the type as published is in the registry
        return new Trigger(envelope.getEventId(), IntegrationEventTypes.of(envelope.getEvent().getClass()).name());
    }

    private <W> void start(Class<W> type, String workflowId, UUID tenant, UUID collection, Trigger trigger,
            String summary, Consumer<W> start) {
        SearchAttributes.Builder attributes = SearchAttributes.newBuilder()
                .set(WorkflowSearchAttributes.TENANT_ID, tenant.toString());
        if (collection != null) {
            attributes.set(WorkflowSearchAttributes.COLLECTION_ID, collection.toString());
        }
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setTaskQueue(TaskQueues.SAGAS)
                .setWorkflowId(workflowId)
                // one run per message, ever
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .setTypedSearchAttributes(attributes.build())
                .setMemo(Map.of(MESSAGE_ID, trigger.messageId(), EVENT_TYPE, trigger.eventType()))
                .setStaticSummary(summary)
                .build();
        try {
            start.accept(client.newWorkflowStub(type, options));
            log.info("message {} ({}) started {}", trigger.messageId(), trigger.eventType(), workflowId);
        } catch (WorkflowExecutionAlreadyStarted again) {
            log.info("message {} ({}) again: {} was started before", trigger.messageId(), trigger.eventType(),
                    workflowId);
        }
    }
}
