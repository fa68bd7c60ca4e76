package io.decidr.domain.entity;

import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import java.util.Objects;

/**
 * A link another entity holds to this one: {@code source}, of {@code sourceCollection}, links here through
 * its {@code sourceAttribute}. Identified by source and attribute.
 */
public record Backlink(EntityId source, CollectionId sourceCollection, AttributeId sourceAttribute) {

    public Backlink {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sourceCollection, "sourceCollection");
        Objects.requireNonNull(sourceAttribute, "sourceAttribute");
    }

    /** Whether this is the backlink of {@code source}'s link through {@code attribute}. */
    public boolean from(EntityId source, AttributeId attribute) {
        return this.source.equals(source) && sourceAttribute.equals(attribute);
    }
}
