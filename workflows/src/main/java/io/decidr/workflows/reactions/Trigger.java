package io.decidr.workflows.reactions;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.tenant.TenantId;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The message a process manager reacts to.
 *
 * @param messageId the outbox message's id: its position in the log (16 hex digits), '-', the event's id
 * @param eventType the integration event type, e.g. {@code entity.archived.v1}
 */
public record Trigger(String messageId, String eventType) {

    /** The user the platform's process managers act as (what the events' {@code actor} says). */
    public static final String PROCESS_USER = "decidr-process";

    public Trigger {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(eventType, "eventType");
    }

    /** The event the message publishes: the cause of the commands the process sends. */
    public UUID eventId() {
        int dash = messageId.indexOf('-');
        return UUID.fromString(messageId.substring(dash + 1));
    }

    /**
     * The platform's process actor in the tenant (a member: it changes data as the event requires, nothing more), its
     * commands caused by the triggering event. It finishes what an accepted command implies, so a suspension of the
     * tenant does not stop it ({@link Requester#undoing()}).
     */
    public Requester requester(UUID tenant) {
        return new Requester(new TenantId(tenant), new Actor(new UserId(PROCESS_USER), Set.of(Role.MEMBER)))
                .inProcess(eventId()).undoingWork();
    }

    /** The process actor as an admin of the tenant: for what only an admin may do (cancel others' jobs). */
    public Requester administrator(UUID tenant) {
        return new Requester(new TenantId(tenant), new Actor(new UserId(PROCESS_USER), Set.of(Role.ADMIN)))
                .inProcess(eventId()).undoingWork();
    }
}
