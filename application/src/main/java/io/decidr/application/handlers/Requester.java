package io.decidr.application.handlers;

import io.decidr.domain.access.Actor;
import io.decidr.domain.tenant.TenantId;
import java.util.Objects;
import java.util.UUID;

/**
 * Who sends a command: the tenant their token names (the only source of the tenant) and the actor.
 * The tenant is also the namespace of their command ids.
 *
 * @param process  the process (a compute job) that sends the commands for the actor, which their events name as cause
 *                 and correlation; null for commands the actor sent themselves
 * @param undoing  whether the commands undo a process's own work (a job's compensation) or finish what an accepted
 *                 command implies (a process manager's clean-up after an event): those go through while the tenant is
 *                 suspended, since a suspension stops new work, not the putting back or tidying of what was done
 */
public record Requester(TenantId tenant, Actor actor, UUID process, boolean undoing) {

    public Requester {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(actor, "actor");
    }

    public Requester(TenantId tenant, Actor actor) {
        this(tenant, actor, null, false);
    }

    public Requester(TenantId tenant, Actor actor, UUID process) {
        this(tenant, actor, process, false);
    }

    /** The same requester, its commands sent by a process (named by the process's id). */
    public Requester inProcess(UUID process) {
        return new Requester(tenant, actor, Objects.requireNonNull(process, "process"), undoing);
    }

    /** The same requester, undoing its process's work (see {@link #undoing}). */
    public Requester undoingWork() {
        return new Requester(tenant, actor, Objects.requireNonNull(process, "only a process undoes its work"), true);
    }

    public String commandScope() {
        return tenant.toString();
    }
}
