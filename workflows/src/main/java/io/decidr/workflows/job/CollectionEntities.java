package io.decidr.workflows.job;

import java.util.List;
import java.util.UUID;

/**
 * The entities of a collection, page by page (a port: the platform answers it from the read model). FORMULA and
 * ROLLUP jobs work through the collection as it is listed while they run.
 */
public interface CollectionEntities {

    /** @param next the cursor of the next page, null after the last */
    record EntityPage(List<UUID> ids, String next) {
    }

    /** The active (not archived) entities after {@code after} (null: from the first), at most {@code limit}. */
    EntityPage page(UUID tenant, UUID collection, String after, int limit);
}
