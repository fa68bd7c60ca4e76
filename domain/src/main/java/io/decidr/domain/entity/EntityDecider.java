package io.decidr.domain.entity;

import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Decides entity commands: values checked against the schema, archiving, and both ends of links. */
public final class EntityDecider implements Decider<EntityCommand, EntityState, EntityEvent> {

    public static final int MAX_LINKS_PER_ATTRIBUTE = 1_000;

    public static final EntityDecider INSTANCE = new EntityDecider();

    private EntityDecider() {
    }

    /**
     * {@code FORBIDDEN} unless the actor may change entities (members and admins). The decider checks it on every
     * command; callers check it first where a command is preceded by costly work (starting a link saga, say).
     */
    public static void requireMayChange(Actor actor) {
        Authorization.requireRole(actor, "change entities", Role.MEMBER, Role.ADMIN);
    }

    @Override
    public EntityState initialState() {
        return EntityState.initial();
    }

    @Override
    public List<EntityEvent> decide(EntityCommand command, EntityState state) {
        if (command instanceof EraseEntity c) {
            // the one command a suspended tenant still takes
            return erase(c, existing(c, state));
        }
        Authorization.require(command.ctx(), "change entities", Role.MEMBER, Role.ADMIN);
        return switch (command) {
            case CreateEntity c -> create(c, state);
            case SetValue c -> setValue(c, changeable(c, state, c.schema()));
            case ClearValue c -> clearValue(c, changeable(c, state, c.schema()));
            case ArchiveEntity c -> archive(changeable(c, state));
            case RestoreEntity c -> restore(c, existing(c, state));
            case LinkEntity c -> link(c, changeable(c, state, c.schema()));
            case UnlinkEntity c -> unlink(c, existing(c, state));
            case AddBacklink c -> addBacklink(c, changeable(c, state));
            case RemoveBacklink c -> removeBacklink(c, existing(c, state));
            case PurgeAttribute c -> purge(c, existing(c, state));
            case EraseEntity c -> throw new IllegalStateException("decided above");
        };
    }

    @Override
    public EntityState evolve(EntityState state, EntityEvent event) {
        return switch (event) {
            case EntityCreated e -> EntityState.created(e.id(), e.collection(), e.values(), e.personal());
            case ValueSet e -> state.withValue(e.attribute(), e.value(), e.personal());
            case ValueCleared e -> state.withoutValue(e.attribute());
            case EntityArchived e -> state.withArchived(true);
            case EntityRestored e -> state.withArchived(false);
            case EntityLinked e -> state.withLink(e.attribute(), e.target());
            case EntityUnlinked e -> state.withoutLink(e.attribute(), e.target());
            case BacklinkAdded e ->
                    state.withBacklink(new Backlink(e.source(), e.sourceCollection(), e.sourceAttribute()));
            case BacklinkRemoved e -> state.withoutBacklink(e.source(), e.sourceAttribute());
            case EntityErased e -> state.asErased();
        };
    }

    private static List<EntityEvent> create(CreateEntity c, EntityState state) {
        if (state.exists()) {
            throw Rejection.alreadyExists("entity " + c.id() + " already exists");
        }
        requireActive(c.schema());
        ValueRules.requireValidForCreate(c.schema(), c.values());
        Set<AttributeId> personal = c.values().keySet().stream()
                .filter(attribute -> c.schema().attribute(attribute).map(Attribute::personal).orElse(false))
                .collect(Collectors.toSet());
        return List.of(new EntityCreated(c.id(), c.schema().id(), c.values(), personal));
    }

    private static List<EntityEvent> setValue(SetValue c, EntityState state) {
        ValueRules.requireValid(c.schema(), c.attribute(), c.value());
        boolean personal = personal(c.schema(), state, c.attribute());
        Value previous = state.values().get(c.attribute());
        if (personal && state.erased()) {
            throw Rejection.invalidState("entity " + c.id() + " was erased: it takes no personal values any more");
        }
        return c.value().equals(previous)
                ? List.of()
                : List.of(new ValueSet(c.id(), c.attribute(), c.value(), previous, personal));
    }

    private static List<EntityEvent> clearValue(ClearValue c, EntityState state) {
        ValueRules.requireClearable(c.schema(), c.attribute());
        Value previous = state.values().get(c.attribute());
        return previous == null ? List.of()
                : List.of(new ValueCleared(c.id(), c.attribute(), previous, personal(c.schema(), state, c.attribute())));
    }

    private static List<EntityEvent> erase(EraseEntity c, EntityState state) {
        Authorization.requireEvenIfSuspended(c.ctx(), "erase personal data", Role.ADMIN);
        String reason = TextInput.stripped(c.reason(), "reason", EraseEntity.MAX_REASON_LENGTH);
        return state.erased() ? List.of() : List.of(new EntityErased(c.id(), c.ctx().actor().user(), reason, state.personal()));
    }

    /** Whether the attribute's values are personal: as the schema says, or as its stored values were. */
    private static boolean personal(CollectionSchema schema, EntityState state, AttributeId attribute) {
        return state.isPersonal(attribute) || schema.attribute(attribute).map(Attribute::personal).orElse(false);
    }

    private static List<EntityEvent> archive(EntityState state) {
        return List.of(new EntityArchived(state.id()));
    }

    private static List<EntityEvent> restore(RestoreEntity c, EntityState state) {
        if (!state.archived()) {
            throw Rejection.invalidState("entity " + c.id() + " is not archived");
        }
        return List.of(new EntityRestored(c.id()));
    }

    private static List<EntityEvent> link(LinkEntity c, EntityState state) {
        c.schema().attribute(c.attribute())
                .filter(attribute -> attribute.type() instanceof LinkType)
                .orElseThrow(() -> Rejection.validation("attribute", c.attribute() + " is not a link attribute"));
        Set<EntityId> targets = state.linksOf(c.attribute());
        if (targets.contains(c.target())) {
            return List.of();
        }
        if (targets.size() >= MAX_LINKS_PER_ATTRIBUTE) {
            throw Rejection.invalidState("entity " + c.id() + " already has " + MAX_LINKS_PER_ATTRIBUTE
                    + " links through " + c.attribute());
        }
        return List.of(new EntityLinked(c.id(), c.attribute(), c.target()));
    }

    private static List<EntityEvent> unlink(UnlinkEntity c, EntityState state) {
        return state.linksOf(c.attribute()).contains(c.target())
                ? List.of(new EntityUnlinked(c.id(), c.attribute(), c.target()))
                : List.of();
    }

    private static List<EntityEvent> purge(PurgeAttribute c, EntityState state) {
        if (!c.schema().id().equals(state.collection())) {
            throw Rejection.validation("collection", "entity " + c.id() + " is in collection " + state.collection()
                    + ", not " + c.schema().id());
        }
        if (c.schema().attribute(c.attribute()).isPresent()) {
            throw Rejection.invalidState("attribute " + c.attribute() + " is still defined: remove it first");
        }
        List<EntityEvent> events = new ArrayList<>();
        Value value = state.values().get(c.attribute());
        if (value != null) {
            events.add(new ValueCleared(c.id(), c.attribute(), value, state.isPersonal(c.attribute())));
        }
        state.linksOf(c.attribute()).stream()
                .sorted(Comparator.comparing(EntityId::value))
                .forEach(target -> events.add(new EntityUnlinked(c.id(), c.attribute(), target)));
        return events;
    }

    private static List<EntityEvent> addBacklink(AddBacklink c, EntityState state) {
        if (!state.collection().equals(c.requiredCollection())) {
            throw Rejection.validation("target", "entity " + c.id() + " is in collection " + state.collection()
                    + ", the link needs one in " + c.requiredCollection());
        }
        return hasBacklink(state, c.source(), c.sourceAttribute())
                ? List.of()
                : List.of(new BacklinkAdded(c.id(), c.source(), c.sourceCollection(), c.sourceAttribute()));
    }

    private static List<EntityEvent> removeBacklink(RemoveBacklink c, EntityState state) {
        return hasBacklink(state, c.source(), c.sourceAttribute())
                ? List.of(new BacklinkRemoved(c.id(), c.source(), c.sourceAttribute()))
                : List.of();
    }

    private static boolean hasBacklink(EntityState state, EntityId source, AttributeId attribute) {
        return state.backlinks().stream().anyMatch(backlink -> backlink.from(source, attribute));
    }

    private static EntityState existing(EntityCommand c, EntityState state) {
        if (!state.exists()) {
            throw Rejection.notFound("entity " + c.id() + " does not exist");
        }
        return state;
    }

    /** The state, when the entity exists and is not archived. */
    private static EntityState changeable(EntityCommand c, EntityState state) {
        if (existing(c, state).archived()) {
            throw Rejection.archived("entity " + c.id() + " is archived");
        }
        return state;
    }

    /** Like {@link #changeable(EntityCommand, EntityState)}, for a command carrying the entity's schema. */
    private static EntityState changeable(EntityCommand c, EntityState state, CollectionSchema schema) {
        existing(c, state);
        if (!schema.id().equals(state.collection())) {
            throw Rejection.validation("collection", "entity " + c.id() + " is in collection " + state.collection()
                    + ", not " + schema.id());
        }
        requireActive(schema);
        return changeable(c, state);
    }

    private static void requireActive(CollectionSchema schema) {
        if (schema.archived()) {
            throw Rejection.archived("collection " + schema.id() + " is archived");
        }
    }
}
