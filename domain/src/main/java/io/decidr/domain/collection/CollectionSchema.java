package io.decidr.domain.collection;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A collection's schema as entity commands carry it: the command handler reads it from the collection, since
 * an aggregate never reads another one.
 *
 * @param attributes in definition order
 */
public record CollectionSchema(CollectionId id, boolean archived, List<Attribute> attributes) {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

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

    /** The attribute a client names: by its id, or by its name in any letter case (surrounding blanks ignored). */
    public Optional<Attribute> attributeByReference(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        if (UUID_TEXT.matcher(reference).matches()) {
            Optional<Attribute> byId = attribute(new AttributeId(UUID.fromString(reference)));
            if (byId.isPresent()) {
                return byId;
            }
        }
        return attributeNamed(reference.strip());
    }
}
