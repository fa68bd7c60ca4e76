package io.decidr.domain.collection;

import static io.decidr.domain.decider.RejectionCode.ALREADY_EXISTS;
import static io.decidr.domain.decider.RejectionCode.ARCHIVED;
import static io.decidr.domain.decider.RejectionCode.FORBIDDEN;
import static io.decidr.domain.decider.RejectionCode.INVALID_STATE;
import static io.decidr.domain.decider.RejectionCode.NOT_FOUND;
import static io.decidr.domain.decider.RejectionCode.TENANT_SUSPENDED;
import static io.decidr.domain.decider.RejectionCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.decidr.domain.DeciderSpec;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.tenant.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CollectionDeciderTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final CommandContext ADMIN = context(false, Role.ADMIN);
    private static final CollectionId ID = new CollectionId(UUID.fromString("00000000-0000-0000-0000-0000000000c1"));
    private static final CollectionId OTHER = new CollectionId(UUID.fromString("00000000-0000-0000-0000-0000000000c2"));
    private static final AttributeId PRICE = attributeId(1);
    private static final AttributeId SIZE = attributeId(2);

    private static final CollectionCreated CREATED = new CollectionCreated(ID, "Products");
    private static final Attribute PRICE_ATTRIBUTE = new Attribute(PRICE, "Price", new NumberType(), true);
    private static final AttributeDefined PRICE_DEFINED = new AttributeDefined(ID, PRICE_ATTRIBUTE);
    private static final CollectionArchived ARCHIVED_EVENT = new CollectionArchived(ID);

    private final DeciderSpec<CollectionCommand, CollectionState, CollectionEvent> spec =
            DeciderSpec.of(CollectionDecider.INSTANCE);

    @Test
    void createsWithStrippedName() {
        spec.given().when(new CreateCollection(ADMIN, ID, " Products ")).then(CREATED);
    }

    @Test
    void creatingTwiceIsRejected() {
        spec.given(CREATED).when(new CreateCollection(ADMIN, ID, "Products")).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void creatingNeedsAValidName() {
        spec.given().when(new CreateCollection(ADMIN, ID, " ")).thenRejected(VALIDATION_FAILED, "name");
        spec.given().when(new CreateCollection(ADMIN, ID, "x".repeat(101))).thenRejected(VALIDATION_FAILED, "name");
    }

    @Test
    void everyCommandNeedsAnAdmin() {
        for (Function<CommandContext, CollectionCommand> command : allCommands()) {
            spec.given(CREATED, PRICE_DEFINED).when(command.apply(context(false, Role.MEMBER, Role.OPERATOR)))
                    .thenRejected(FORBIDDEN);
        }
    }

    @Test
    void everyCommandIsRejectedWhileTheTenantIsSuspended() {
        for (Function<CommandContext, CollectionCommand> command : allCommands()) {
            spec.given(CREATED, PRICE_DEFINED).when(command.apply(context(true, Role.ADMIN)))
                    .thenRejected(TENANT_SUSPENDED);
            spec.given(CREATED, PRICE_DEFINED).when(command.apply(context(true, Role.MEMBER)))
                    .thenRejected(TENANT_SUSPENDED);
        }
    }

    @Test
    void everyCommandButCreateNeedsAnExistingCollection() {
        for (Function<CommandContext, CollectionCommand> command : allCommands().subList(1, 6)) {
            spec.given().when(command.apply(ADMIN)).thenRejected(NOT_FOUND);
        }
    }

    @Test
    void everyCommandButCreateIsRejectedOnAnArchivedCollection() {
        for (Function<CommandContext, CollectionCommand> command : allCommands().subList(1, 6)) {
            spec.given(CREATED, PRICE_DEFINED, ARCHIVED_EVENT).when(command.apply(ADMIN)).thenRejected(ARCHIVED);
        }
    }

    @Test
    void renames() {
        spec.given(CREATED).when(new RenameCollection(ADMIN, ID, " Goods ")).then(new CollectionRenamed(ID, "Goods"));
    }

    @Test
    void renamingToTheSameNameChangesNothing() {
        spec.given(CREATED).when(new RenameCollection(ADMIN, ID, "Products ")).thenNoEvents();
    }

    @Test
    void renamingNeedsAValidName() {
        spec.given(CREATED).when(new RenameCollection(ADMIN, ID, "")).thenRejected(VALIDATION_FAILED, "name");
        spec.given(CREATED).when(new RenameCollection(ADMIN, ID, "x".repeat(101)))
                .thenRejected(VALIDATION_FAILED, "name");
    }

    @Test
    void definesAttributesOfEveryType() {
        spec.given(CREATED).when(new DefineAttribute(ADMIN, ID, PRICE, " Price ", new NumberType(), true))
                .then(PRICE_DEFINED);
        spec.given(CREATED).when(define(SIZE, "Notes", TextType.withDefaultMaxLength()))
                .then(defined(SIZE, "Notes", new TextType(10_000)));
        spec.given(CREATED).when(define(SIZE, "Notes", new TextType(100_000)))
                .then(defined(SIZE, "Notes", new TextType(100_000)));
        spec.given(CREATED).when(define(SIZE, "In stock", new BooleanType()))
                .then(defined(SIZE, "In stock", new BooleanType()));
        spec.given(CREATED).when(define(SIZE, "Released", new DateType()))
                .then(defined(SIZE, "Released", new DateType()));
        spec.given(CREATED).when(define(SIZE, "Size", new SelectType(List.of(" S", "M ", "m"))))
                .then(defined(SIZE, "Size", new SelectType(List.of("S", "M", "m"))));
        spec.given(CREATED).when(define(SIZE, "Maker", new LinkType(OTHER, " Products ")))
                .then(defined(SIZE, "Maker", new LinkType(OTHER, "Products")));
    }

    @Test
    void definingAnAttributeIdTwiceIsRejected() {
        spec.given(CREATED, PRICE_DEFINED).when(define(PRICE, "Cost", new NumberType()))
                .thenRejected(ALREADY_EXISTS, "attributeId");
    }

    @Test
    void attributeNamesAreUniqueIgnoringCase() {
        spec.given(CREATED, PRICE_DEFINED).when(define(SIZE, " PRICE ", new NumberType()))
                .thenRejected(ALREADY_EXISTS, "name");
    }

    @Test
    void definingNeedsAValidName() {
        spec.given(CREATED).when(define(SIZE, " ", new NumberType())).thenRejected(VALIDATION_FAILED, "name");
        spec.given(CREATED).when(define(SIZE, "x".repeat(101), new NumberType()))
                .thenRejected(VALIDATION_FAILED, "name");
    }

    @Test
    void aCollectionHasAtMost200Attributes() {
        List<CollectionEvent> full = new ArrayList<>(List.of(CREATED));
        IntStream.range(0, 200).forEach(i -> full.add(defined(attributeId(1_000 + i), "a" + i, new DateType())));
        spec.given(full).when(define(SIZE, "Size", new DateType())).thenRejected(INVALID_STATE);
        spec.given(full.subList(0, 200)).when(define(SIZE, "Size", new DateType()))
                .then(defined(SIZE, "Size", new DateType()));
    }

    @Test
    void textMaxLengthIsBetween1And100000() {
        spec.given(CREATED).when(define(SIZE, "Notes", new TextType(0))).thenRejected(VALIDATION_FAILED, "maxLength");
        spec.given(CREATED).when(define(SIZE, "Notes", new TextType(100_001)))
                .thenRejected(VALIDATION_FAILED, "maxLength");
    }

    @Test
    void selectOptionsAreValidated() {
        List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "o" + i).toList();
        for (List<String> options : List.of(
                List.<String>of(), tooMany, List.of("S", " "), List.of("S", "x".repeat(101)), List.of("S", " S "))) {
            spec.given(CREATED).when(define(SIZE, "Size", new SelectType(options)))
                    .thenRejected(VALIDATION_FAILED, "options");
        }
        List<String> most = tooMany.subList(0, 100);
        spec.given(CREATED).when(define(SIZE, "Size", new SelectType(most)))
                .then(defined(SIZE, "Size", new SelectType(most)));
    }

    @Test
    void backlinkNameIsValidated() {
        spec.given(CREATED).when(define(SIZE, "Maker", new LinkType(OTHER, "  ")))
                .thenRejected(VALIDATION_FAILED, "backlinkName");
        spec.given(CREATED).when(define(SIZE, "Maker", new LinkType(OTHER, "x".repeat(101))))
                .thenRejected(VALIDATION_FAILED, "backlinkName");
    }

    @Test
    void renamesAnAttribute() {
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, PRICE, " Cost "))
                .then(new AttributeRenamed(ID, PRICE, "Cost"));
    }

    @Test
    void anAttributeMayChangeTheCaseOfItsName() {
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, PRICE, "PRICE"))
                .then(new AttributeRenamed(ID, PRICE, "PRICE"));
    }

    @Test
    void renamingAnAttributeToItsNameChangesNothing() {
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, PRICE, "Price")).thenNoEvents();
    }

    @Test
    void renamingAnAttributeToATakenNameIsRejected() {
        spec.given(CREATED, PRICE_DEFINED, defined(SIZE, "Size", new DateType()))
                .when(new RenameAttribute(ADMIN, ID, SIZE, "price"))
                .thenRejected(ALREADY_EXISTS, "name");
    }

    @Test
    void renamingAnUnknownAttributeIsRejected() {
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, SIZE, "Size")).thenRejected(NOT_FOUND);
    }

    @Test
    void renamingAnAttributeNeedsAValidName() {
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, PRICE, " "))
                .thenRejected(VALIDATION_FAILED, "name");
        spec.given(CREATED, PRICE_DEFINED).when(new RenameAttribute(ADMIN, ID, PRICE, "x".repeat(101)))
                .thenRejected(VALIDATION_FAILED, "name");
    }

    @Test
    void removesAnAttribute() {
        spec.given(CREATED, PRICE_DEFINED).when(new RemoveAttribute(ADMIN, ID, PRICE))
                .then(new AttributeRemoved(ID, PRICE));
    }

    @Test
    void removingAnUnknownAttributeIsRejected() {
        spec.given(CREATED, PRICE_DEFINED).when(new RemoveAttribute(ADMIN, ID, SIZE)).thenRejected(NOT_FOUND);
    }

    @Test
    void archives() {
        spec.given(CREATED).when(new ArchiveCollection(ADMIN, ID)).then(ARCHIVED_EVENT);
    }

    @Test
    void evolvesAttributesInDefinitionOrder() {
        Attribute size = new Attribute(SIZE, "Size", new SelectType(List.of("S", "M")), false);
        AttributeId notes = attributeId(3);
        CollectionState state = spec.given(CREATED, PRICE_DEFINED, new AttributeDefined(ID, size),
                defined(notes, "Notes", new DateType()), new AttributeRenamed(ID, SIZE, "Sizes"),
                new AttributeRemoved(ID, notes), new CollectionRenamed(ID, "Goods"), ARCHIVED_EVENT).state();

        Attribute sizes = new Attribute(SIZE, "Sizes", size.type(), false);
        assertThat(state).isEqualTo(new CollectionState(true, ID, "Goods", true, List.of(PRICE_ATTRIBUTE, sizes)));
        assertThat(state.schema()).isEqualTo(new CollectionSchema(ID, true, List.of(PRICE_ATTRIBUTE, sizes)));
        assertThat(state.schema().attribute(SIZE)).contains(sizes);
        assertThat(state.schema().attributeNamed("SIZES")).contains(sizes);
        assertThat(state.schema().attributeNamed("Notes")).isEmpty();
    }

    @Test
    void aMissingCollectionHasNoSchema() {
        CollectionState initial = spec.given().state();
        assertThat(initial).isEqualTo(new CollectionState(false, null, null, false, List.of()));
        assertThatThrownBy(initial::schema).isInstanceOf(IllegalStateException.class);
    }

    /** One valid command of each kind (create first), for an existing collection with the price attribute. */
    private static List<Function<CommandContext, CollectionCommand>> allCommands() {
        return List.of(
                ctx -> new CreateCollection(ctx, ID, "Products"),
                ctx -> new RenameCollection(ctx, ID, "Goods"),
                ctx -> new DefineAttribute(ctx, ID, SIZE, "Size", new DateType(), false),
                ctx -> new RenameAttribute(ctx, ID, PRICE, "Cost"),
                ctx -> new RemoveAttribute(ctx, ID, PRICE),
                ctx -> new ArchiveCollection(ctx, ID));
    }

    private static DefineAttribute define(AttributeId attributeId, String name, AttributeType type) {
        return new DefineAttribute(ADMIN, ID, attributeId, name, type, false);
    }

    private static AttributeDefined defined(AttributeId attributeId, String name, AttributeType type) {
        return new AttributeDefined(ID, new Attribute(attributeId, name, type, false));
    }

    private static AttributeId attributeId(int n) {
        return new AttributeId(new UUID(0xa, n));
    }

    private static CommandContext context(boolean suspended, Role... roles) {
        return new CommandContext(TENANT, new Actor(new UserId("ada"), Set.of(roles)), suspended);
    }
}
