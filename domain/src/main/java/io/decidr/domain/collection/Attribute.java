package io.decidr.domain.collection;

import java.util.Objects;

/**
 * One attribute of a collection. A {@code required} attribute must have a value from the entity's creation on;
 * for a link attribute that is not enforced, since links are added only after the entity exists. A {@code personal}
 * attribute's values are personal data (see {@link DefineAttribute}).
 */
public record Attribute(AttributeId id, String name, AttributeType type, boolean required, boolean personal) {

    public static final int MAX_NAME_LENGTH = 100;

    public Attribute {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    /** An attribute whose values are not personal. */
    public Attribute(AttributeId id, String name, AttributeType type, boolean required) {
        this(id, name, type, required, false);
    }

    public Attribute withName(String newName) {
        return new Attribute(id, newName, type, required, personal);
    }
}
