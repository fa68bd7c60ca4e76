package io.decidr.application.handlers;

import io.decidr.application.command.CommandBus;
import io.decidr.application.command.CommandOutcome;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.entity.AddBacklink;
import io.decidr.domain.entity.ArchiveEntity;
import io.decidr.domain.entity.ClearValue;
import io.decidr.domain.entity.CreateEntity;
import io.decidr.domain.entity.EntityCommand;
import io.decidr.domain.entity.EntityEvent;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.entity.EntityState;
import io.decidr.domain.entity.EraseEntity;
import io.decidr.domain.entity.LinkEntity;
import io.decidr.domain.entity.PurgeAttribute;
import io.decidr.domain.entity.RemoveBacklink;
import io.decidr.domain.entity.RestoreEntity;
import io.decidr.domain.entity.SetValue;
import io.decidr.domain.entity.UnlinkEntity;
import io.decidr.domain.entity.ValueSet;
import io.decidr.eventstore.EventStore;
import io.decidr.eventstore.StreamId;
import io.decidr.eventstore.aggregates.Aggregates;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Entity commands. Values are checked against the entity's collection schema, which is looked up here and
 * carried in the command. Linking touches two entities, so it is a saga's: its steps are {@link #linkStep}.
 */
public final class EntityHandler {

    private final CommandBus bus;
    private final EventStore store;
    private final TenantGate tenants;
    private final CollectionHandler collections;

    public EntityHandler(CommandBus bus, TenantGate tenants, CollectionHandler collections) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.store = bus.store();
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.collections = Objects.requireNonNull(collections, "collections");
    }

    /** Creates an entity in the collection; its id is derived from the command id. */
    public Mono<Result> create(Requester requester, CollectionId collection, List<ValueInput> values, UUID commandId) {
        EntityId id = createdBy(requester, commandId);
        return collections.existing(requester, collection).flatMap(state -> {
            CollectionSchema schema = state.schema();
            return send(requester, ctx -> new CreateEntity(ctx, id, schema, ValueConversion.convertAll(schema, values)),
                    commandId);
        });
    }

    /** The id {@link #create} gives the entity of a command: the same for every attempt of that command. */
    public static EntityId createdBy(Requester requester, UUID commandId) {
        return new EntityId(CommandIds.derive(requester, commandId, "entity"));
    }

    public Mono<Result> setValue(Requester requester, EntityId id, ValueInput value, UUID commandId) {
        return schemaOf(requester, id).flatMap(schema -> {
            Attribute attribute = ValueConversion.attribute(schema, value.attribute());
            return send(requester, ctx -> new SetValue(ctx, id, schema, attribute.id(),
                    ValueConversion.convert(attribute, value)), commandId);
        });
    }

    public Mono<Result> clearValue(Requester requester, EntityId id, String attribute, UUID commandId) {
        return schemaOf(requester, id).flatMap(schema -> send(requester,
                ctx -> new ClearValue(ctx, id, schema, ValueConversion.attribute(schema, attribute).id()), commandId));
    }

    public Mono<Result> archive(Requester requester, EntityId id, UUID commandId) {
        return send(requester, ctx -> new ArchiveEntity(ctx, id), commandId);
    }

    public Mono<Result> restore(Requester requester, EntityId id, UUID commandId) {
        return send(requester, ctx -> new RestoreEntity(ctx, id), commandId);
    }

    /**
     * Erases the entity's personal data (admins): the erasure event first (who, why; the decider checks the admin,
     * the entity and the reason), then its key, after which no personal value the entity ever had can be read. Repeated
     * with any command id, it records nothing more and deletes the key again if a failure left it; archived entities
     * are erased too. Its comments are erased one by one ({@link CommentHandler#erase}).
     */
    public Mono<Result> erase(Requester requester, EntityId id, String reason, UUID commandId) {
        return send(requester, ctx -> new EraseEntity(ctx, id, reason), commandId)
                .flatMap(result -> existing(requester, id)
                        .filter(EntityState::erased)
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("entity " + id + " is not erased")))
                        .flatMap(erased -> bus.keys().erase(requester.tenant().value(), id.value(),
                                requester.actor().user().value(), reason == null ? "" : reason.strip()))
                        .thenReturn(result));
    }

    /**
     * The steps of linking and unlinking one by one, for a process manager that runs them with compensation. Each
     * step is a command with an id derived from {@code commandId} and the step's name, so running a step again (a
     * retried activity) changes nothing more; each step answers whether this command changed something there. The
     * steps' events name {@code commandId} as their correlation, or the requester's process when it has one.
     */
    public enum LinkStepKind {
        /** The link on the source. */
        LINK("link", null),
        /** The backlink on the target (the target may refuse). */
        BACKLINK("backlink", LINK),
        /** Compensation of {@link #LINK}: removes the link, only if this command added it. */
        UNDO_LINK("link-undo", BACKLINK),
        /** Removing the link from the source. */
        UNLINK("unlink", null),
        /** Removing the backlink from the target. */
        REMOVE_BACKLINK("backlink-remove", UNLINK),
        /** Compensation of {@link #UNLINK}: puts the link back, only if this command removed it. */
        UNDO_UNLINK("unlink-undo", REMOVE_BACKLINK);

        private final String purpose;
        /**
         * The step whose outcome leads to this one, the cause its events record: the step before it, or for a
         * compensation the step that failed; none for a first step, caused by the process's own command.
         */
        private final LinkStepKind after;

        LinkStepKind(String purpose, LinkStepKind after) {
            this.purpose = purpose;
            this.after = after;
        }
    }

    /** One step's outcome: the entity's stream and version after it, and whether this command changed it. */
    public record LinkStep(StreamId stream, long version, boolean changed) {
    }

    /**
     * Runs one step of linking or unlinking source to target through the attribute (see {@link LinkStepKind}). A
     * compensation whose step changed nothing does nothing, and is never refused for it (whatever became of the
     * entities since).
     */
    public Mono<LinkStep> linkStep(Requester requester, LinkStepKind step, EntityId source, String attribute,
            EntityId target, UUID commandId) {
        UUID stepId = CommandIds.derive(requester, commandId, step.purpose);
        // a process's steps (the requester's) share its correlation, and a first step answers to the process itself
        UUID conversation = requester.process() == null ? commandId : requester.process();
        Cause cause = new Cause(step.after == null ? conversation
                : CommandIds.derive(requester, commandId, step.after.purpose), conversation);
        return switch (step) {
            case UNDO_LINK -> ifChangedBy(requester, LinkStepKind.LINK, commandId, source, () -> linkAttribute(requester,
                    source, attribute).flatMap(found -> step(requester,
                    ctx -> new UnlinkEntity(ctx, source, found.attribute().id(), target), stepId, cause)));
            case UNDO_UNLINK -> ifChangedBy(requester, LinkStepKind.UNLINK, commandId, source, () -> linkAttribute(requester,
                    source, attribute).flatMap(found -> step(requester,
                    ctx -> new LinkEntity(ctx, source, found.schema(), found.attribute().id(), target), stepId, cause)));
            case LINK, BACKLINK, UNLINK, REMOVE_BACKLINK -> linkAttribute(requester, source, attribute).flatMap(found -> {
                AttributeId attributeId = found.attribute().id();
                return switch (step) {
                    case LINK -> step(requester, ctx -> new LinkEntity(ctx, source, found.schema(), attributeId, target),
                            stepId, cause);
                    case BACKLINK -> step(requester, ctx -> new AddBacklink(ctx, target, source, found.schema().id(),
                            attributeId, ((LinkType) found.attribute().type()).target()), stepId, cause);
                    case UNLINK -> step(requester, ctx -> new UnlinkEntity(ctx, source, attributeId, target), stepId,
                            cause);
                    default -> step(requester, ctx -> new RemoveBacklink(ctx, target, source, attributeId), stepId,
                            cause);
                };
            });
        };
    }

    /**
     * Removes what the entity still holds of an attribute its collection has removed (its value, its links through it,
     * and the targets' backlinks of those links), for the process that cleans up after {@code removeAttribute}.
     * Repeating it with the same command id changes nothing more. Answers how many links it removed.
     */
    public Mono<Integer> purgeAttribute(Requester requester, EntityId id, AttributeId attribute, UUID commandId) {
        // the targets' backlinks first, the entity's own links last: a retry after a failure in between still finds
        // the links, and so every backlink to remove (removing one again changes nothing)
        return existing(requester, id).flatMap(entity -> {
            List<EntityId> targets = entity.linksOf(attribute).stream().sorted(Comparator.comparing(EntityId::value))
                    .toList();
            return Flux.fromIterable(targets).concatMap(target -> sendOutcome(requester,
                            ctx -> new RemoveBacklink(ctx, target, id, attribute),
                            CommandIds.derive(requester, commandId, "backlink-remove/" + target.value()),
                            Cause.of(requester, commandId)))
                    .then(schemaOf(requester, id))
                    .flatMap(schema -> send(requester, ctx -> new PurgeAttribute(ctx, id, schema, attribute),
                            commandId))
                    .thenReturn(targets.size());
        });
    }

    /** Whether the step of this command is recorded as having written events (a step that changed nothing is not recorded). */
    public Mono<Boolean> changedBy(Requester requester, LinkStepKind step, UUID commandId) {
        return store.findCommand(requester.commandScope(), CommandIds.derive(requester, commandId, step.purpose))
                .map(found -> found.toVersion() > found.fromVersion())
                .defaultIfEmpty(false);
    }

    private Mono<LinkStep> ifChangedBy(Requester requester, LinkStepKind step, UUID commandId, EntityId entity,
            Supplier<Mono<LinkStep>> undo) {
        return changedBy(requester, step, commandId).flatMap(changed -> changed ? undo.get()
                : existingVersion(requester, entity));
    }

    private Mono<LinkStep> existingVersion(Requester requester, EntityId entity) {
        return bus.load(Aggregates.ENTITY, requester.tenant().value(), entity.value()).map(loaded -> new LinkStep(
                Aggregates.ENTITY.stream(requester.tenant().value(), entity.value()), loaded.version(), false));
    }

    private Mono<LinkStep> step(Requester requester, Function<CommandContext, EntityCommand> command, UUID stepId,
            Cause cause) {
        return sendOutcome(requester, command, stepId, cause)
                .map(outcome -> new LinkStep(outcome.stream(), outcome.version(), addedByThisCommand(outcome)));
    }

    /** Whether the link step of this command (now, or in an earlier attempt with the same command id) added the link. */
    private static boolean addedByThisCommand(CommandOutcome<EntityEvent> linked) {
        // a repeated command answers with the versions it first wrote (none when it changed nothing), not its events
        return linked.version() > linked.fromVersion();
    }

    /**
     * The value the command set on an entity (its {@code entity.value-set} event, which holds the value it replaced),
     * or empty when the command changed nothing, set no value or never ran.
     */
    public Mono<ValueSet> valueSetBy(Requester requester, UUID commandId) {
        return store.findCommand(requester.commandScope(), commandId)
                .filter(write -> write.toVersion() > write.fromVersion())
                .flatMap(write -> store.readStream(write.stream(), write.toVersion(), 1))
                .filter(written -> !written.isEmpty())
                .flatMap(written -> bus.decoded(Aggregates.ENTITY, requester.tenant().value(), written))
                .flatMap(decoded -> decoded.getFirst() instanceof ValueSet set ? Mono.just(set) : Mono.empty());
    }

    /** The entity as it stands now in the requester's tenant; NOT_FOUND when it does not exist there. */
    public Mono<EntityState> existing(Requester requester, EntityId id) {
        return bus.load(Aggregates.ENTITY, requester.tenant().value(), id.value()).map(loaded -> {
            if (!loaded.state().exists()) {
                throw Rejection.notFound("entity " + id + " does not exist");
            }
            return loaded.state();
        });
    }

    private Mono<CollectionSchema> schemaOf(Requester requester, EntityId id) {
        // only the entity's collection is used here, which never changes: a cached state of the entity, however old,
        // names it (the command itself is then decided on the entity's current state, checked by the append)
        return bus.cachedOrLoaded(Aggregates.ENTITY, requester.tenant().value(), id.value())
                .map(loaded -> {
                    if (!loaded.state().exists()) {
                        throw Rejection.notFound("entity " + id + " does not exist");
                    }
                    return loaded.state();
                })
                .flatMap(entity -> collections.existing(requester, entity.collection()))
                .map(collection -> collection.schema());
    }

    private Mono<FoundAttribute> linkAttribute(Requester requester, EntityId source, String reference) {
        return schemaOf(requester, source).map(schema -> {
            Attribute attribute = schema.attributeByReference(reference).orElseThrow(() ->
                    Rejection.validation("attribute", "the collection has no attribute " + reference));
            if (!(attribute.type() instanceof LinkType)) {
                throw Rejection.validation("attribute", attribute.name() + " is not a LINK attribute");
            }
            return new FoundAttribute(schema, attribute);
        });
    }

    private Mono<Result> send(Requester requester, Function<CommandContext, EntityCommand> command, UUID commandId) {
        return Dispatch.resultInTenant(bus, tenants, Aggregates.ENTITY, requester, command, commandId);
    }

    private Mono<CommandOutcome<EntityEvent>> sendOutcome(Requester requester,
            Function<CommandContext, EntityCommand> command, UUID commandId, Cause cause) {
        return Dispatch.sendInTenant(bus, tenants, Aggregates.ENTITY, requester, command, commandId, cause);
    }

    private record FoundAttribute(CollectionSchema schema, Attribute attribute) {
    }
}
