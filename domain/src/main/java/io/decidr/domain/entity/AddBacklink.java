package io.decidr.domain.entity;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import java.util.Objects;

/**
 * Records on the link's target (this entity, {@code id}) that {@code source} links to it. The target must be
 * in {@code requiredCollection}: the collection the source attribute's {@code LinkType} points to.
 */
public record AddBacklink(
        CommandContext ctx,
        EntityId id,
        EntityId source,
        CollectionId sourceCollection,
        AttributeId sourceAttribute,
        CollectionId requiredCollection)
        implements EntityCommand {

    public AddBacklink {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceCollection, "sourceCollection");
        Objects.requireNonNull(sourceAttribute, "sourceAttribute");
        Objects.requireNonNull(requiredCollection, "requiredCollection");
    }
}
