package io.decidr.workflows.archive;

import io.decidr.application.handlers.CollectionHandler;
import io.decidr.application.handlers.EntityHandler.LinkStepKind;
import io.decidr.application.handlers.EntityHandler;
import io.decidr.application.handlers.Requester;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.RejectionCode;
import io.decidr.domain.entity.Backlink;
import io.decidr.domain.entity.BacklinkRemoved;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.eventstore.AppendResult;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.CollectionMembership;
import io.decidr.eventstore.CommandLedger;
import io.decidr.eventstore.CreatedEntity;
import io.decidr.eventstore.EventLog;
import io.decidr.eventstore.RecordedEvent;
import io.decidr.eventstore.aggregates.Aggregates;
import io.decidr.workflows.saga.Refusal;
import io.decidr.workflows.saga.StepDone;
import io.decidr.workflows.saga.StepIds;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The steps, as commands through the handlers, and the look-ups they need in the log (the collection's members, what
 * a command did, an entity's events), through its ports. Activities may block: they run on the worker's threads.
 */
public final class ArchiveCollectionActivitiesImpl implements ArchiveCollectionActivities {

    private static final Logger log = LoggerFactory.getLogger(ArchiveCollectionActivitiesImpl.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(8);

    private final EntityHandler entities;
    private final CollectionHandler collections;
    private final CollectionMembership members;
    private final CommandLedger ledger;
    private final EventLog events;

    public ArchiveCollectionActivitiesImpl(EntityHandler entities, CollectionHandler collections,
            CollectionMembership members, CommandLedger ledger, EventLog events) {
        this.entities = Objects.requireNonNull(entities, "entities");
        this.collections = Objects.requireNonNull(collections, "collections");
        this.members = Objects.requireNonNull(members, "members");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.events = Objects.requireNonNull(events, "events");
    }

    @Override
    public String check(ArchiveRequest request) {
        return step(() -> collections.archivable(request.requester(), request.collection())).name();
    }

    @Override
    public EntityPage listEntities(ArchiveRequest request, Checkpoint after) {
        List<CreatedEntity> page = block(members.createdIn(request.caller().tenantId(), request.collectionId(), after,
                request.pageSize()));
        return new EntityPage(page.stream().map(CreatedEntity::entityId).toList(),
                page.isEmpty() ? after : page.getLast().at(), page.size() < request.pageSize());
    }

    @Override
    public PageDone archiveEntities(ArchiveRequest request, String sagaKey, List<UUID> page) {
        Requester requester = request.requester();
        ActivityExecutionContext context = Activity.getExecutionContext();
        PageProgress done = context.getHeartbeatDetails(PageProgress.class).orElse(PageProgress.NONE);
        for (int i = done.next(); i < page.size(); i++) {
            EntityId entity = new EntityId(page.get(i));
            boolean archived = archive(requester, sagaKey, entity);
            int unlinked = archived ? unlinkIncoming(request, requester, sagaKey, entity) : 0;
            done = done.after(archived ? 1 : 0, unlinked);
            // a retry of this page resumes from here
            context.heartbeat(done);
        }
        return new PageDone(done.entities(), done.links());
    }

    @Override
    public PageDone restoreEntities(ArchiveRequest request, String sagaKey, List<UUID> page) {
        Requester requester = request.requester();
        ActivityExecutionContext context = Activity.getExecutionContext();
        PageProgress done = context.getHeartbeatDetails(PageProgress.class).orElse(PageProgress.NONE);
        for (int i = done.next(); i < page.size(); i++) {
            EntityId entity = new EntityId(page.get(i));
            Optional<AppendResult> archivedHere = Optional.ofNullable(block(ledger.findCommand(requester.commandScope(),
                    archiveId(sagaKey, entity))));
            int restored = 0;
            int relinked = 0;
            if (archivedHere.isPresent()) {
                restored = restore(requester, sagaKey, entity) ? 1 : 0;
                relinked = relink(request, requester, sagaKey, entity, archivedHere.get().toVersion());
            }
            done = done.after(restored, relinked);
            context.heartbeat(done);
        }
        return new PageDone(done.entities(), done.links());
    }

    @Override
    public StepDone archiveCollection(ArchiveRequest request, String sagaKey) {
        return StepDone.of(step(() -> collections.archive(request.requester(), request.collection(),
                StepIds.of(sagaKey, "archive-collection"))));
    }

    /** Archives the entity; false when it was archived already, by someone else (then it is left as it is). */
    private boolean archive(Requester requester, String sagaKey, EntityId entity) {
        try {
            block(entities.archive(requester, entity, archiveId(sagaKey, entity)));
            return true;
        } catch (Rejection rejection) {
            if (rejection.code() == RejectionCode.ARCHIVED) {
                return false;
            }
            throw Refusal.failure(rejection);
        }
    }

    /**
     * Unlinks the live entities of other collections that link into the entity, as its backlinks list them now that it
     * is archived (an archived entity takes no new backlinks, so the list is complete): the backlink first, then the
     * link, so that the compensation finds every link it must put back in the entity's own stream.
     */
    private int unlinkIncoming(ArchiveRequest request, Requester requester, String sagaKey, EntityId entity) {
        EntityState target = block(entities.existing(requester, entity));
        int unlinked = 0;
        for (Backlink backlink : target.backlinks()) {
            if (backlink.sourceCollection().equals(request.collection()) || !live(requester, backlink.source())) {
                continue;
            }
            UUID commandId = unlinkId(sagaKey, entity, backlink.source(), backlink.sourceAttribute());
            String attribute = backlink.sourceAttribute().toString();
            try {
                linkStep(requester, LinkStepKind.REMOVE_BACKLINK, backlink.source(), attribute, entity, commandId);
                linkStep(requester, LinkStepKind.UNLINK, backlink.source(), attribute, entity, commandId);
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

    private boolean live(Requester requester, EntityId entity) {
        try {
            return !block(entities.existing(requester, entity)).archived();
        } catch (Rejection gone) {
            return false;
        }
    }

    /**
     * Restores the entity (now, or in an earlier attempt of this compensation); false when it needed no restoring
     * (restored since by someone else), which is logged.
     */
    private boolean restore(Requester requester, String sagaKey, EntityId entity) {
        try {
            block(entities.restore(requester, entity, StepIds.of(sagaKey, "restore-entity", entity)));
            return true;
        } catch (Rejection rejection) {
            log.info("did not restore {}: {}", entity, rejection.getMessage());
            return false;
        }
    }

    /**
     * Puts back the links into the entity that this saga removed: the backlinks it lost after this saga archived it
     * (at {@code archivedAt}) whose removal was this saga's command. The link goes back on the source (if this saga
     * removed it and the source takes it), then the backlink on the entity, if the source links to it again.
     */
    private int relink(ArchiveRequest request, Requester requester, String sagaKey, EntityId entity, long archivedAt) {
        Set<BacklinkRemoved> removed = new LinkedHashSet<>();
        for (RecordedEvent event : block(events.readStream(Aggregates.ENTITY.stream(requester.tenant().value(), entity.value()),
                archivedAt + 1).collectList())) {
            // only backlink removals are decoded: they hold no personal data, other events may
            if (event.type().equals("entity.backlink-removed")
                    && Aggregates.ENTITY.events().decode(event) instanceof BacklinkRemoved backlink) {
                removed.add(backlink);
            }
        }
        int relinked = 0;
        for (BacklinkRemoved backlink : removed) {
            UUID commandId = unlinkId(sagaKey, entity, backlink.source(), backlink.sourceAttribute());
            if (!block(entities.changedBy(requester, LinkStepKind.REMOVE_BACKLINK, commandId))) {
                continue;
            }
            String attribute = backlink.sourceAttribute().toString();
            try {
                linkStep(requester, LinkStepKind.UNDO_UNLINK, backlink.source(), attribute, entity, commandId);
                if (block(entities.existing(requester, backlink.source())).linksOf(backlink.sourceAttribute()).contains(entity)) {
                    linkStep(requester, LinkStepKind.BACKLINK, backlink.source(), attribute, entity, commandId);
                    relinked++;
                }
            } catch (Rejection rejection) {
                log.warn("could not put back the link of {} to {} in collection {}: {}", backlink.source(), entity,
                        request.collectionId(), rejection.getMessage());
            }
        }
        return relinked;
    }

    private void linkStep(Requester requester, LinkStepKind step, EntityId source, String attribute, EntityId target,
            UUID commandId) {
        block(entities.linkStep(requester, step, source, attribute, target, commandId));
    }

    private static UUID archiveId(String sagaKey, EntityId entity) {
        return StepIds.of(sagaKey, "archive-entity", entity);
    }

    private static UUID unlinkId(String sagaKey, EntityId entity, EntityId source, AttributeId attribute) {
        return StepIds.of(sagaKey, "unlink", entity, source, attribute);
    }

    private static <T> T step(Supplier<Mono<T>> command) {
        try {
            return Objects.requireNonNull(block(command.get()), "the step answered nothing");
        } catch (Rejection rejection) {
            throw Refusal.failure(rejection);
        }
    }

    private static <T> T block(Mono<T> mono) {
        return mono.block(STEP_TIMEOUT);
    }

    /** A page's progress, heartbeated after each entity: the next entity to do, and what was done so far. */
    public record PageProgress(int next, int entities, int links) {

        static final PageProgress NONE = new PageProgress(0, 0, 0);

        PageProgress after(int moreEntities, int moreLinks) {
            return new PageProgress(next + 1, entities + moreEntities, links + moreLinks);
        }
    }
}
