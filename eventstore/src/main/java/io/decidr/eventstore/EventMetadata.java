package io.decidr.eventstore;

import java.util.UUID;

/**
 * Stored with every event: which command wrote it, what caused that command, the conversation it belongs
 * to, who acted, and the trace it ran in.
 *
 * @param commandId     the command that produced the event; also its idempotency key
 * @param causationId   the message (command or event) that caused the command; the command itself when a user sent it
 * @param correlationId shared by every message of one user request or process
 * @param actor         the acting user, as the token names them
 * @param traceId       a trace id, when the request carried one; may be null
 */
public record EventMetadata(UUID commandId, UUID causationId, UUID correlationId, String actor, String traceId) {

    /** Metadata of a command a user sent directly: it is its own cause and starts its own correlation. */
    public static EventMetadata direct(UUID commandId, String actor) {
        return new EventMetadata(commandId, commandId, commandId, actor, null);
    }
}
