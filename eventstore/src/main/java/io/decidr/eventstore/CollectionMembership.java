package io.decidr.eventstore;

import java.util.List;
import java.util.UUID;
import reactor.core.publisher.Mono;

/**
 * The entities ever created in a collection, from the log (archived ones too: the log knows no deletion), for a
 * process that must reach every one of them, projected or not (archiving a collection).
 */
public interface CollectionMembership {

    /**
     * Up to {@code limit} entities created in the tenant's collection after the checkpoint, in commit-safe order. Read
     * on from the last one's {@link CreatedEntity#at()}; a page shorter than {@code limit} means none more are
     * committed now.
     */
    Mono<List<CreatedEntity>> createdIn(UUID tenant, UUID collection, Checkpoint after, int limit);
}
