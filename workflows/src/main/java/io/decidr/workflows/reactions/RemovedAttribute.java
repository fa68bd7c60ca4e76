package io.decidr.workflows.reactions;

import java.util.Objects;
import java.util.UUID;

/**
 * A {@code collection.attribute-removed.v1} to react to: clear what the collection's entities still hold of the
 * attribute.
 *
 * @param pageSize    entities per page (one listing and one purging activity each)
 * @param pagesPerRun pages before the workflow continues as new, which bounds its history
 */
public record RemovedAttribute(UUID tenantId, UUID collectionId, UUID attributeId, Trigger trigger, int pageSize,
        int pagesPerRun) {

    /** 100 entities a page: a purge is one or two commands per entity, a page a fraction of a second. */
    public static final int PAGE_SIZE = 100;
    /** 200 pages (20,000 entities) per run: about 2,500 history events. */
    public static final int PAGES_PER_RUN = 200;

    public RemovedAttribute {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(attributeId, "attributeId");
        Objects.requireNonNull(trigger, "trigger");
        if (pageSize < 1 || pagesPerRun < 1) {
            throw new IllegalArgumentException("pageSize and pagesPerRun are at least 1");
        }
    }

    public String workflowId() {
        return PurgeRemovedAttributeWorkflow.ID_PREFIX + "/" + trigger.messageId();
    }
}
