package io.decidr.domain.collection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A collection's schema as entity commands carry it: the command handler reads it from the collection, since
 * an aggregate never reads another one.
 *
 * @param attributes in definition order
 */
public record CollectionSchema(CollectionId id, boolean archived, List<Attribute> attributes) {

    public CollectionSchema {
        Objects.requireNonNull(id, "id");
        attributes = List.copyOf(attributes);
    }

    public Optional<Attribute> attribute(AttributeId attributeId) {
        return attributes.stream().filter(a -> a.id().equals(attributeId)).findFirst();
    }

    /** The attribute with this name, ignoring case (names are unique that way). */
    public Optional<Attribute> attributeNamed(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }
}
