package io.decidr.workflows.reactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.decidr.application.handlers.EntityHandler.LinkStepKind;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.Backlink;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.job.JobId;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.CreatedEntity;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.EventMetadata;
import io.decidr.eventstore.OpenJobs;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.workflows.archive.EntityPage;
import io.decidr.workflows.archive.PageDone;
import io.decidr.workflows.job.ComputeJobClient;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepIds;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** The process managers' steps, as commands through the handlers. Activities may block: they run on worker threads. */
public final class ReactionActivitiesImpl implements ReactionActivities {

    private static final Logger log = LoggerFactory.getLogger(ReactionActivitiesImpl.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final EntityHandler entities;
    private final EventLog events;
    private final CollectionMembership members;
    private final OpenJobs open;
    private final ComputeJobClient jobs;

    public ReactionActivitiesImpl(EntityHandler entities, EventLog events, CollectionMembership members, OpenJobs open,
            ComputeJobClient jobs) {
        this.entities = Objects.requireNonNull(entities, "entities");
        this.events = Objects.requireNonNull(events, "events");
        this.members = Objects.requireNonNull(members, "members");
        this.open = Objects.requireNonNull(open, "open");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
    }

    @Override
    public List<UUID> openJobs(SuspendedTenant suspended) {
        return block(open.ofTenant(suspended.tenantId()).map(OpenJobs.OpenJob::job).collectList());
    }

    @Override
    public boolean cancelJob(SuspendedTenant suspended, UUID job) {
        try {
            block(jobs.cancel(suspended.trigger().administrator(suspended.tenantId()), new JobId(job),
                    StepIds.of(suspended.workflowId(), "cancel", job)).thenReturn(true));
            return true;
        } catch (Rejection rejection) {
            if (rejection.code() == RejectionCode.INVALID_STATE) {
                log.info("job {} was not cancelled: {}", job, rejection.getMessage());
                return false; // it ended meanwhile
            }
            throw Refusal.failure(rejection);
        }
    }

    @Override
    public EntityPage listEntities(RemovedAttribute removed, Checkpoint after) {
        List<CreatedEntity> page = block(members.createdIn(removed.tenantId(), removed.collectionId(), after,
                removed.pageSize()));
        return new EntityPage(page.stream().map(CreatedEntity::entityId).toList(),
                page.isEmpty() ? after : page.getLast().at(), page.size() < removed.pageSize());
    }

    @Override
    public PageDone purgeAttribute(RemovedAttribute removed, List<UUID> page) {
        Requester requester = removed.trigger().requester(removed.tenantId());
        AttributeId attribute = new AttributeId(removed.attributeId());
        ActivityExecutionContext context = Activity.getExecutionContext();
        Purged done = context.getHeartbeatDetails(Purged.class).orElse(Purged.NONE);
        for (int i = done.next(); i < page.size(); i++) {
            UUID entity = page.get(i);
            int links;
            try {
                links = block(entities.purgeAttribute(requester, new EntityId(entity), attribute,
                        StepIds.of(removed.workflowId(), "purge", entity)));
            } catch (Rejection rejection) {
                throw Refusal.failure(rejection);
            }
            done = done.after(links);
            context.heartbeat(done);
        }
        return new PageDone(done.next(), done.links());
    }

    /** Heartbeat details of {@link #purgeAttribute}: the next entity of the page, and the links removed so far. */
    public record Purged(int next, int links) {

        static final Purged NONE = new Purged(0, 0);

        Purged after(int moreLinks) {
            return new Purged(next + 1, links + moreLinks);
        }
    }

    @Override
    public int unlinkIncoming(ArchivedEntity archived) {
        Requester requester = archived.trigger().requester(archived.tenantId());
        EntityId entity = archived.entity();
        EntityState state;
        try {
            state = block(entities.existing(requester, entity));
        } catch (Rejection gone) {
            log.info("entity {} of {} is gone: nothing to unlink", entity, archived.trigger().messageId());
            return 0;
        }
        if (!state.archived()) {
            return 0; // restored since: what links to it now stays
        }
        if (archivedByAProcess(archived)) {
            return 0; // the archive-collection saga unlinks what it archives, and puts it back when cancelled
        }
        int unlinked = 0;
        for (Backlink backlink : state.backlinks()) {
            if (!live(requester, backlink.source())) {
                continue;
            }
            UUID commandId = StepIds.of(archived.workflowId(), "unlink", backlink.source(), backlink.sourceAttribute());
            String attribute = backlink.sourceAttribute().toString();
            try {
                // the link first, then the backlink: a retry after a failure between them still finds the backlink,
                // and with it the link to remove
                block(entities.linkStep(requester, LinkStepKind.UNLINK, backlink.source(), attribute, entity, commandId));
                block(entities.linkStep(requester, LinkStepKind.REMOVE_BACKLINK, backlink.source(), attribute, entity,
                        commandId));
                unlinked++;
            } catch (Rejection rejection) {
                if (rejection.code() != RejectionCode.VALIDATION_FAILED) {
                    throw Refusal.failure(rejection);
                }
                // the source's collection no longer has the attribute: no live link to remove
                log.info("left the backlink of {} on {}: {}", backlink.source(), entity, rejection.getMessage());
            }
        }
        return unlinked;
    }

    /** Whether the archive event was written by a process (a saga step: its correlation is not its own command). */
    private boolean archivedByAProcess(ArchivedEntity archived) {
        UUID eventId = archived.trigger().eventId();
        RecordedEvent event = block(events.readStream(
                        Aggregates.ENTITY.stream(archived.tenantId(), archived.entityId()), 1)
                .filter(recorded -> recorded.eventId().equals(eventId))
                .next());
        if (event == null) {
            throw new IllegalStateException("event " + eventId + " is not in the stream of entity " + archived.entityId());
        }
        try {
            EventMetadata metadata = JSON.readValue(event.metadata(), EventMetadata.class);
            return !Objects.equals(metadata.commandId(), metadata.correlationId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable metadata of event " + eventId, e);
        }
    }

    private boolean live(Requester requester, EntityId entity) {
        try {
            return !block(entities.existing(requester, entity)).archived();
        } catch (Rejection gone) {
            return false;
        }
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(STEP_TIMEOUT);
    }
}
