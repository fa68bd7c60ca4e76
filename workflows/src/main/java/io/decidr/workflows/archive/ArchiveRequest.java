package io.decidr.workflows.archive;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.collection.CollectionId;
import io.decidr.workflows.saga.Caller;
import java.util.Objects;
import java.util.UUID;

/**
 * What an archive-collection saga is asked to do: the input of its workflow and of each activity.
 *
 * @param commandId   the user's command id (the same one again finds this saga)
 * @param pageSize    entities per page: one listing, one archiving activity, one restoring activity each
 * @param pagesPerRun pages before the workflow continues as new, which bounds its history
 */
public record ArchiveRequest(Caller caller, UUID collectionId, UUID commandId, int pageSize, int pagesPerRun) {

    /**
     * 50 entities a page: archiving one entity is a few commands (its archive, a look at its backlinks, two commands
     * per live link into it), so a page takes well under a second and never nears its two-minute limit even with
     * dozens of links per entity, and a cancel waits at most for the page under way. It heartbeats after each entity.
     */
    public static final int PAGE_SIZE = 50;

    /**
     * 200 pages (10,000 entities) per run: about 12 history events a page keeps a run near 2,500 events and well under
     * a megabyte (each page's 50 ids travel twice), far from Temporal's limits (50,000 events, 50 MB).
     */
    public static final int PAGES_PER_RUN = 200;

    public ArchiveRequest {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(commandId, "commandId");
        if (pageSize < 1 || pagesPerRun < 1) {
            throw new IllegalArgumentException("pageSize and pagesPerRun are at least 1");
        }
    }

    public static ArchiveRequest of(Requester requester, CollectionId collection, UUID commandId) {
        return new ArchiveRequest(Caller.of(requester), collection.value(), commandId, PAGE_SIZE, PAGES_PER_RUN);
    }

    /** The workflow id: one per collection, so two archives of one collection never run side by side. */
    public static String workflowId(UUID tenant, UUID collection) {
        return ArchiveCollectionWorkflow.ID_PREFIX + "/" + tenant + "/" + collection;
    }

    public String workflowId() {
        return workflowId(caller.tenantId(), collectionId);
    }

    /** Who archives, their commands sent by this saga (its command their cause). */
    public Requester requester() {
        return caller.requester().inProcess(commandId);
    }

    public CollectionId collection() {
        return new CollectionId(collectionId);
    }
}
