package io.decidr.domain.job;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.CollectionId;
import java.util.Objects;

/**
 * Asks for a job on {@code collection}; the actor becomes its requester. Whoever may change the collection's
 * entities may ask.
 *
 * @param collectionStatus the collection's status, as the command handler looked it up
 * @param parameters       the kind's parameters as JSON text; the workflow reads them, this only bounds their size
 */
public record RequestJob(
        CommandContext ctx,
        JobId id,
        JobKind kind,
        CollectionId collection,
        CollectionStatus collectionStatus,
        String parameters) implements JobCommand {

    public RequestJob {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(collectionStatus, "collectionStatus");
    }
}
