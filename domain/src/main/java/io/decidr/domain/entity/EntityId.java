package io.decidr.domain.entity;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/** Identifies an entity: one record of a collection (e.g. one customer). */
public record EntityId(UUID value) {

    public EntityId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static EntityId parse(String text, String field) {
        return new EntityId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
