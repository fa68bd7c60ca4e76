package io.decidr.domain.collection;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a collection: a tenant's kind of entity (e.g. Customers), defined by its attributes. */
public record CollectionId(UUID value) {

    public CollectionId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static CollectionId parse(String text, String field) {
        return new CollectionId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
