package io.decidr.domain.collection;

import java.util.Objects;

/**
 * Links to entities of the {@code target} collection; each linked entity shows the link back under
 * {@code backlinkName}.
 */
public record LinkType(CollectionId target, String backlinkName) implements AttributeType {

    public static final int MAX_BACKLINK_NAME_LENGTH = 100;

    public LinkType {
        Objects.requireNonNull(target, "target");
    }
}
