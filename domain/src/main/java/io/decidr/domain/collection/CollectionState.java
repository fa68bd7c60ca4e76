package io.decidr.domain.collection;

import java.util.ArrayList;
import java.util.List;

/**
 * A collection as its events leave it.
 *
 * @param id null until the collection exists
 * @param name null until the collection exists
 * @param attributes in definition order
 */
public record CollectionState(
        boolean exists, CollectionId id, String name, boolean archived, List<Attribute> attributes) {

    public static final int SCHEMA_VERSION = 1;

    public CollectionState {
        attributes = List.copyOf(attributes);
    }

    /** A collection nobody created yet. */
    public static CollectionState initial() {
        return new CollectionState(false, null, null, false, List.of());
    }

    static CollectionState created(CollectionId id, String name) {
        return new CollectionState(true, id, name, false, List.of());
    }

    /** The schema entity commands carry; only for a collection that exists. */
    public CollectionSchema schema() {
        if (!exists) {
            throw new IllegalStateException("a collection that does not exist has no schema");
        }
        return new CollectionSchema(id, archived, attributes);
    }

    public CollectionState withName(String newName) {
        return new CollectionState(exists, id, newName, archived, attributes);
    }

    public CollectionState asArchived() {
        return new CollectionState(exists, id, name, true, attributes);
    }

    /** Adds {@code attribute} at the end. */
    public CollectionState withAttribute(Attribute attribute) {
        List<Attribute> more = new ArrayList<>(attributes);
        more.add(attribute);
        return new CollectionState(exists, id, name, archived, more);
    }

    public CollectionState withAttributeRenamed(AttributeId attributeId, String newName) {
        List<Attribute> renamed = attributes.stream()
                .map(a -> a.id().equals(attributeId) ? a.withName(newName) : a)
                .toList();
        return new CollectionState(exists, id, name, archived, renamed);
    }

    public CollectionState withoutAttribute(AttributeId attributeId) {
        List<Attribute> fewer = attributes.stream().filter(a -> !a.id().equals(attributeId)).toList();
        return new CollectionState(exists, id, name, archived, fewer);
    }
}
