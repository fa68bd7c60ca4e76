package io.decidr.application.handlers;

import java.util.Objects;
import java.util.UUID;

/**
 * What a command answers to, as its events record it.
 *
 * @param causationId   the message that led to the command: the command itself when a user sent it; for a step of a
 *                      process, the step before it (or the process's command)
 * @param correlationId the conversation: the user's command, or the process (a saga's command, a job), every message
 *                      of it shares
 */
public record Cause(UUID causationId, UUID correlationId) {

    public Cause {
        Objects.requireNonNull(causationId, "causationId");
        Objects.requireNonNull(correlationId, "correlationId");
    }

    /** The cause of a command the requester sent: itself, unless a process of theirs sent it. */
    static Cause of(Requester requester, UUID commandId) {
        UUID process = requester.process();
        return process == null ? new Cause(commandId, commandId) : new Cause(process, process);
    }
}
