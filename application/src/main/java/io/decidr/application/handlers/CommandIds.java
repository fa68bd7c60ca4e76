package io.decidr.application.handlers;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Ids derived from a command id, so that repeating a command (same command id) names the same new objects
 * and the same sub-commands, which makes the repetition a no-op.
 */
final class CommandIds {

    private CommandIds() {
    }

    /** A stable id for {@code purpose} within the command (e.g. "entity", "backlink"). */
    static UUID derive(Requester requester, UUID commandId, String purpose) {
        String name = requester.commandScope() + "/" + commandId + "/" + purpose;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
