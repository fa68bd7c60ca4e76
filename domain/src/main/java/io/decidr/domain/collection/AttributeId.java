package io.decidr.domain.collection;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/**
 * Identifies an attribute of a collection; values and links are keyed by it, so renaming an attribute changes
 * no data.
 */
public record AttributeId(UUID value) {

    public AttributeId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static AttributeId parse(String text, String field) {
        return new AttributeId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
