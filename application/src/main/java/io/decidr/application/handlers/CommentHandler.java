package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.comment.AddComment;
import io.decidr.domain.comment.CommentCommand;
import io.decidr.domain.comment.CommentId;
import io.decidr.domain.comment.DeleteComment;
import io.decidr.domain.comment.EditComment;
import io.decidr.domain.comment.EraseComment;
import io.decidr.domain.comment.EntityStatus;
import io.decidr.domain.entity.EntityId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Comment commands; adding one looks up the commented entity's status. */
public final class CommentHandler {

    private final CommandBus bus;
    private final TenantGate tenants;

    public CommentHandler(CommandBus bus, TenantGate tenants) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /** Adds a comment by the requester; its id is derived from the command id. */
    public Mono<Result> add(Requester requester, EntityId entity, String body, UUID commandId) {
        CommentId id = new CommentId(CommandIds.derive(requester, commandId, "comment"));
        return bus.load(Aggregates.ENTITY, requester.tenant().value(), entity.value())
                .map(loaded -> !loaded.state().exists() ? EntityStatus.MISSING
                        : loaded.state().archived() ? EntityStatus.ARCHIVED : EntityStatus.ACTIVE)
                .flatMap(status -> send(requester, ctx -> new AddComment(ctx, id, entity, status, body), commandId));
    }

    public Mono<Result> edit(Requester requester, CommentId id, String body, UUID commandId) {
        return send(requester, ctx -> new EditComment(ctx, id, body), commandId);
    }

    public Mono<Result> delete(Requester requester, CommentId id, UUID commandId) {
        return send(requester, ctx -> new DeleteComment(ctx, id), commandId);
    }

    /**
     * Erases every body the comment ever had (admins; deleted comments too): the erasure event first, then its key.
     * Repeated, it records nothing more and deletes the key again if a failure left it.
     */
    public Mono<Result> erase(Requester requester, CommentId id, String reason, UUID commandId) {
        UUID tenant = requester.tenant().value();
        return send(requester, ctx -> new EraseComment(ctx, id, reason), commandId)
                .flatMap(result -> bus.load(Aggregates.COMMENT, tenant, id.value())
                        .filter(loaded -> loaded.state().erased())
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("comment " + id + " is not erased")))
                        .flatMap(erased -> bus.keys().erase(tenant, id.value(), requester.actor().user().value(),
                                reason == null ? "" : reason.strip()))
                        .thenReturn(result));
    }

    private Mono<Result> send(Requester requester, Function<CommandContext, CommentCommand> command, UUID commandId) {
        return Dispatch.resultInTenant(bus, tenants, Aggregates.COMMENT, requester, command, commandId);
    }
}
