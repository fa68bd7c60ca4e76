package io.decidr.domain.comment;

import io.decidr.domain.identity.Uuids;
import java.util.Objects;
import java.util.UUID;

/** Identifies a comment on an entity. */
public record CommentId(UUID value) {

    public CommentId {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the text form; malformed text is a {@code VALIDATION_FAILED} rejection naming {@code field}. */
    public static CommentId parse(String text, String field) {
        return new CommentId(Uuids.parse(text, field));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
