package io.decidr.domain.tenant;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a tenant; every piece of data belongs to exactly one. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static TenantId parse(String text, String field) {
        return new TenantId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
