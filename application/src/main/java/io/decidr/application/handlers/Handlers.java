package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import java.util.Objects;

/**
 * Every command handler over one command bus, wired the one way they depend on each other: the tenant gate first
 * (every tenant-scoped command checks its tenant through it), then the collections, which the entities look up.
 */
public record Handlers(
        TenantGate gate,
        TenantHandler tenants,
        CollectionHandler collections,
        EntityHandler entities,
        CommentHandler comments,
        JobHandler jobs) {

    public Handlers {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(tenants, "tenants");
        Objects.requireNonNull(collections, "collections");
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(comments, "comments");
        Objects.requireNonNull(jobs, "jobs");
    }

    public static Handlers over(CommandBus bus) {
        TenantGate gate = new TenantGate(bus);
        CollectionHandler collections = new CollectionHandler(bus, gate);
        return new Handlers(gate, new TenantHandler(bus), collections, new EntityHandler(bus, gate, collections),
                new CommentHandler(bus, gate), new JobHandler(bus, gate));
    }
}
