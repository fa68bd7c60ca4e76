package io.decidr.domain.collection;

import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.List;

/** Decides collection commands: the collection's name, its attributes, and archiving it. */
public final class CollectionDecider implements Decider<CollectionCommand, CollectionState, CollectionEvent> {

    public static final int MAX_NAME_LENGTH = 100;
    public static final int MAX_ATTRIBUTES = 200;

    public static final CollectionDecider INSTANCE = new CollectionDecider();

    private CollectionDecider() {
    }

    @Override
    public CollectionState initialState() {
        return CollectionState.initial();
    }

    @Override
    public List<CollectionEvent> decide(CollectionCommand command, CollectionState state) {
        Authorization.require(command.ctx(), "change collections", Role.ADMIN);
        return switch (command) {
            case CreateCollection c -> create(c, state);
            case RenameCollection c -> rename(c, changeable(c, state));
            case DefineAttribute c -> define(c, changeable(c, state));
            case RenameAttribute c -> renameAttribute(c, changeable(c, state));
            case RemoveAttribute c -> remove(c, changeable(c, state));
            case ArchiveCollection c -> archive(changeable(c, state));
        };
    }

    @Override
    public CollectionState evolve(CollectionState state, CollectionEvent event) {
        return switch (event) {
            case CollectionCreated e -> CollectionState.created(e.id(), e.name());
            case CollectionRenamed e -> state.withName(e.name());
            case AttributeDefined e -> state.withAttribute(e.attribute());
            case AttributeRenamed e -> state.withAttributeRenamed(e.attributeId(), e.name());
            case AttributeRemoved e -> state.withoutAttribute(e.attributeId());
            case CollectionArchived e -> state.asArchived();
        };
    }

    private static List<CollectionEvent> create(CreateCollection c, CollectionState state) {
        if (state.exists()) {
            throw Rejection.alreadyExists("collection " + c.id() + " already exists");
        }
        return List.of(new CollectionCreated(c.id(), TextInput.stripped(c.name(), "name", MAX_NAME_LENGTH)));
    }

    private static List<CollectionEvent> rename(RenameCollection c, CollectionState state) {
        String name = TextInput.stripped(c.name(), "name", MAX_NAME_LENGTH);
        return name.equals(state.name()) ? List.of() : List.of(new CollectionRenamed(c.id(), name));
    }

    private static List<CollectionEvent> define(DefineAttribute c, CollectionState state) {
        CollectionSchema schema = state.schema();
        if (schema.attribute(c.attributeId()).isPresent()) {
            throw Rejection.alreadyExists("attributeId", "attribute " + c.attributeId() + " is already defined");
        }
        String name = TextInput.stripped(c.name(), "name", Attribute.MAX_NAME_LENGTH);
        requireNameFree(schema, name, c.attributeId());
        AttributeType type = AttributeTypeRules.validated(c.type());
        if (schema.attributes().size() >= MAX_ATTRIBUTES) {
            throw Rejection.invalidState("collection " + c.id() + " already has " + MAX_ATTRIBUTES + " attributes");
        }
        if (c.personal() && type instanceof LinkType) {
            throw Rejection.validation("personal", "a link attribute holds no values, so it cannot be personal");
        }
        return List.of(new AttributeDefined(c.id(), new Attribute(c.attributeId(), name, type, c.required(), c.personal())));
    }

    private static List<CollectionEvent> renameAttribute(RenameAttribute c, CollectionState state) {
        CollectionSchema schema = state.schema();
        Attribute attribute = schema.attribute(c.attributeId())
                .orElseThrow(() -> Rejection.notFound("attribute " + c.attributeId() + " does not exist"));
        String name = TextInput.stripped(c.name(), "name", Attribute.MAX_NAME_LENGTH);
        if (name.equals(attribute.name())) {
            return List.of();
        }
        requireNameFree(schema, name, attribute.id());
        return List.of(new AttributeRenamed(c.id(), attribute.id(), name));
    }

    private static List<CollectionEvent> remove(RemoveAttribute c, CollectionState state) {
        if (state.schema().attribute(c.attributeId()).isEmpty()) {
            throw Rejection.notFound("attribute " + c.attributeId() + " does not exist");
        }
        return List.of(new AttributeRemoved(c.id(), c.attributeId()));
    }

    private static List<CollectionEvent> archive(CollectionState state) {
        return List.of(new CollectionArchived(state.id()));
    }

    /** The state, when the collection exists and is not archived. */
    private static CollectionState changeable(CollectionCommand c, CollectionState state) {
        if (!state.exists()) {
            throw Rejection.notFound("collection " + c.id() + " does not exist");
        }
        if (state.archived()) {
            throw Rejection.archived("collection " + c.id() + " is archived");
        }
        return state;
    }

    /** Names are unique ignoring case; an attribute may change the case of its own name. */
    private static void requireNameFree(CollectionSchema schema, String name, AttributeId self) {
        schema.attributeNamed(name).filter(other -> !other.id().equals(self)).ifPresent(other -> {
            throw Rejection.alreadyExists("name", "attribute " + other.id() + " is already named " + other.name());
        });
    }
}
