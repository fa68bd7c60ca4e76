package io.decidr.domain.job;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a compute job: one run of an import, a formula or a rollup that a user asked for. */
public record JobId(UUID value) {

    public JobId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static JobId parse(String text, String field) {
        return new JobId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
