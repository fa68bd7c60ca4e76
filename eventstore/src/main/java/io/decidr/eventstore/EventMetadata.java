package io.decidr.eventstore;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.UUID;

/**
 * Stored with every event: which command wrote it, what caused that command, the conversation it belongs
 * to, who acted, and the trace it ran in.
 *
 * @param commandId     the command that produced the event; also its idempotency key
 * @param causationId   the message (command or event) that caused the command; the command itself when a user sent it
 * @param correlationId shared by every message of one user request or process
 * @param actor         the acting user, as the token names them
 * @param traceId       the trace the command ran in (32 hex digits), when tracing is on; null otherwise
 * @param traceparent   the command's span as a W3C {@code traceparent} (version, trace id, span id, flags), so that what
 *                      follows the event (a projector applying it) continues the same trace; null when tracing is off
 */
@JsonInclude(JsonInclude.Include.NON_NULL) // no "traceId": null on every event while tracing is off
public record EventMetadata(UUID commandId, UUID causationId, UUID correlationId, String actor, String traceId,
        String traceparent) {

    /** Metadata of a command a user sent directly: it is its own cause and starts its own correlation. */
    public static EventMetadata direct(UUID commandId, String actor) {
        return new EventMetadata(commandId, commandId, commandId, actor, null, null);
    }

    /** The same metadata in a trace: its id and the span of the command, as a W3C {@code traceparent}. */
    public EventMetadata inTrace(String traceId, String traceparent) {
        return new EventMetadata(commandId, causationId, correlationId, actor, traceId, traceparent);
    }
}
