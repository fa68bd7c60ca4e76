package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.ArchiveCollection;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.collection.CollectionCommand;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionState;
import io.decidr.domain.collection.CreateCollection;
import io.decidr.domain.collection.DefineAttribute;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.RemoveAttribute;
import io.decidr.domain.collection.RenameAttribute;
import io.decidr.domain.collection.RenameCollection;
import io.decidr.domain.decider.Rejection;
import io.decidr.eventstore.Checkpoint;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/** Collection commands, and the look-up of a collection's schema for other handlers. */
public final class CollectionHandler {

    private final CommandBus bus;
    private final TenantGate tenants;

    public CollectionHandler(CommandBus bus, TenantGate tenants) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
    }

    /** Creates a collection; its id is derived from the command id. */
    public Mono<Result> create(Requester requester, String name, UUID commandId) {
        CollectionId id = createdId(requester, commandId);
        return send(requester, ctx -> new CreateCollection(ctx, id, name), commandId);
    }

    /** The id {@link #create} gives the collection it creates for this requester and command id. */
    public static CollectionId createdId(Requester requester, UUID commandId) {
        return new CollectionId(CommandIds.derive(requester, commandId, "collection"));
    }

    public Mono<Result> rename(Requester requester, CollectionId id, String name, UUID commandId) {
        return send(requester, ctx -> new RenameCollection(ctx, id, name), commandId);
    }

    public Mono<Result> archive(Requester requester, CollectionId id, UUID commandId) {
        return send(requester, ctx -> new ArchiveCollection(ctx, id), commandId);
    }

    /**
     * Whether the requester may archive the collection now: the collection's decider decides {@link ArchiveCollection}
     * on its current state without anything being appended, so the answer is the archive's own (NOT_FOUND,
     * TENANT_SUSPENDED, FORBIDDEN, ARCHIVED). A process that archives the collection only after other work checks
     * first with this.
     */
    public Mono<CollectionState> archivable(Requester requester, CollectionId id) {
        return tenants.context(requester).flatMap(ctx -> bus.load(Aggregates.COLLECTION, requester.tenant().value(),
                id.value()).map(loaded -> {
                    Aggregates.COLLECTION.decider().decide(new ArchiveCollection(ctx, id), loaded.state());
                    return loaded.state();
                }));
    }

    /**
     * Defines an attribute; its id is derived from the command id. Answers with the new attribute's id. A LINK's
     * target must be a collection of the requester's tenant: any other (another tenant's, or none) is NOT_FOUND.
     */
    public Mono<AttributeResult> defineAttribute(
            Requester requester, CollectionId id, String name, AttributeType type, boolean required, UUID commandId) {
        return defineAttribute(requester, id, name, type, required, false, commandId);
    }

    /** Like {@link #defineAttribute(Requester, CollectionId, String, AttributeType, boolean, UUID)}, maybe personal. */
    public Mono<AttributeResult> defineAttribute(Requester requester, CollectionId id, String name, AttributeType type,
            boolean required, boolean personal, UUID commandId) {
        AttributeId attribute = new AttributeId(CommandIds.derive(requester, commandId, "attribute"));
        Mono<CollectionState> target = type instanceof LinkType link ? existing(requester, link.target()) : Mono.empty();
        return target.then(Mono.defer(() -> send(requester,
                        ctx -> new DefineAttribute(ctx, id, attribute, name, type, required, personal), commandId)))
                .map(result -> new AttributeResult(result, attribute.value()));
    }

    /** Renames the attribute named by {@code attribute} (its id or its current name). */
    public Mono<AttributeResult> renameAttribute(
            Requester requester, CollectionId id, String attribute, String name, UUID commandId) {
        return attribute(requester, id, attribute).flatMap(found -> send(requester,
                        ctx -> new RenameAttribute(ctx, id, found.id(), name), commandId)
                .map(result -> new AttributeResult(result, found.id().value())));
    }

    public Mono<AttributeResult> removeAttribute(Requester requester, CollectionId id, String attribute, UUID commandId) {
        return attribute(requester, id, attribute).flatMap(found -> send(requester,
                        ctx -> new RemoveAttribute(ctx, id, found.id()), commandId)
                .map(result -> new AttributeResult(result, found.id().value())));
    }

    /** The collection as it stands now in the requester's tenant; NOT_FOUND when it does not exist there. */
    public Mono<CollectionState> existing(Requester requester, CollectionId id) {
        // a look-up through the bus's trusted cache: collections change rarely, and each change is announced
        return bus.current(Aggregates.COLLECTION, requester.tenant().value(), id.value()).map(loaded -> {
            if (!loaded.state().exists()) {
                throw Rejection.notFound("collection " + id + " does not exist");
            }
            return loaded.state();
        });
    }

    private Mono<Attribute> attribute(Requester requester, CollectionId id, String reference) {
        return existing(requester, id).map(collection -> collection.schema().attributeByReference(reference)
                .orElseThrow(() -> Rejection.notFound("collection " + id + " has no attribute " + reference)));
    }

    private Mono<Result> send(Requester requester, Function<CommandContext, CollectionCommand> command, UUID commandId) {
        return Dispatch.resultInTenant(bus, tenants, Aggregates.COLLECTION, requester, command, commandId);
    }

    /** A command's result together with the attribute it concerned. */
    public record AttributeResult(Result result, UUID attributeId) implements Written {

        @Override
        public StreamId stream() {
            return result.stream();
        }

        @Override
        public long version() {
            return result.version();
        }

        @Override
        public Checkpoint last() {
            return result.last();
        }
    }
}
