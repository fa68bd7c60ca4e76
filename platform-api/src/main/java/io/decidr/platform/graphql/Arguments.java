package io.decidr.platform.graphql;

import io.decidr.domain.identity.Uuids;
import java.util.UUID;

/** Reads GraphQL arguments into what the handlers take; malformed input is VALIDATION_FAILED naming the field. */
final class Arguments {

    private Arguments() {
    }

    /** The client's command id, or a new one when the client sent none. */
    static UUID commandId(String commandId) {
        return commandId == null ? UUID.randomUUID() : Uuids.parse(commandId, "commandId");
    }

    static UUID id(String text, String field) {
        return Uuids.parse(text, field);
    }
}
