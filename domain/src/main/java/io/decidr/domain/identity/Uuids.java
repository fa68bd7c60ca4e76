package io.decidr.domain.identity;

import io.decidr.domain.decider.Rejection;
import java.util.UUID;
import java.util.regex.Pattern;

/** Parses the canonical text form of UUID-based ids, rejecting anything else as bad input. */
public final class Uuids {

    // UUID.fromString accepts non-canonical forms such as "1-1-1-1-1"; ids must round-trip exactly.
    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Uuids() {
    }

    public static UUID parse(String text, String field) {
        if (text == null || !CANONICAL.matcher(text).matches()) {
            throw Rejection.validation(field, field + " is not a valid id");
        }
        return UUID.fromString(text);
    }
}
