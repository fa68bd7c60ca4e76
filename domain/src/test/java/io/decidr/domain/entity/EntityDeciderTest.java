package io.decidr.domain.entity;

import static io.decidr.domain.decider.RejectionCode.ALREADY_EXISTS;
import static io.decidr.domain.decider.RejectionCode.ARCHIVED;
import static io.decidr.domain.decider.RejectionCode.FORBIDDEN;
import static io.decidr.domain.decider.RejectionCode.INVALID_STATE;
import static io.decidr.domain.decider.RejectionCode.NOT_FOUND;
import static io.decidr.domain.decider.RejectionCode.TENANT_SUSPENDED;
import static io.decidr.domain.decider.RejectionCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.DeciderSpec;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.BooleanType;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DateType;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.SelectType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class EntityDeciderTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final CommandContext MEMBER = context(false, Role.MEMBER);

    private static final CollectionId PEOPLE = new CollectionId(new UUID(0xc, 1));
    private static final CollectionId COMPANIES = new CollectionId(new UUID(0xc, 2));
    private static final AttributeId NAME = attributeId(1);
    private static final AttributeId AGE = attributeId(2);
    private static final AttributeId ACTIVE = attributeId(3);
    private static final AttributeId BORN = attributeId(4);
    private static final AttributeId LEVEL = attributeId(5);
    private static final AttributeId FRIENDS = attributeId(6);
    private static final AttributeId EMPLOYER = attributeId(7);
    /** An attribute the collection has removed (the schema does not define it). */
    private static final AttributeId REMOVED = attributeId(99);
    private static final List<Attribute> ATTRIBUTES = List.of(
            new Attribute(NAME, "Name", new TextType(10), true),
            new Attribute(AGE, "Age", new NumberType(), false),
            new Attribute(ACTIVE, "Active", new BooleanType(), false),
            new Attribute(BORN, "Born", new DateType(), false),
            new Attribute(LEVEL, "Level", new SelectType(List.of("low", "high")), false),
            // required, yet not needed on create: links come after the entity exists
            new Attribute(FRIENDS, "Friends", new LinkType(PEOPLE, "Friend of"), true),
            new Attribute(EMPLOYER, "Employer", new LinkType(COMPANIES, "Employees"), false));
    private static final CollectionSchema SCHEMA = new CollectionSchema(PEOPLE, false, ATTRIBUTES);
    private static final CollectionSchema ARCHIVED_SCHEMA = new CollectionSchema(PEOPLE, true, ATTRIBUTES);
    private static final CollectionSchema OTHER_SCHEMA = new CollectionSchema(COMPANIES, false, ATTRIBUTES);

    private static final EntityId ID = entityId(1);
    private static final EntityId BOB = entityId(2);
    private static final EntityId CAROL = entityId(3);
    private static final TextValue ADA = new TextValue("Ada");
    private static final EntityCreated CREATED = new EntityCreated(ID, PEOPLE, Map.of(NAME, ADA));
    private static final EntityArchived ARCHIVED_EVENT = new EntityArchived(ID);

    private final DeciderSpec<EntityCommand, EntityState, EntityEvent> spec = DeciderSpec.of(EntityDecider.INSTANCE);

    @Test
    void createsWithValuesOfEveryType() {
        Map<AttributeId, Value> values = Map.of(
                NAME, new TextValue("x".repeat(10)),
                AGE, new NumberValue(new BigDecimal("9".repeat(20) + "." + "9".repeat(18))),
                ACTIVE, new BooleanValue(true),
                BORN, new DateValue(LocalDate.of(1815, 12, 10)),
                LEVEL, new SelectValue("high"));
        spec.given().when(new CreateEntity(MEMBER, ID, SCHEMA, values)).then(new EntityCreated(ID, PEOPLE, values));
    }

    @Test
    void adminsMayChangeEntitiesToo() {
        spec.given().when(new CreateEntity(context(false, Role.ADMIN), ID, SCHEMA, Map.of(NAME, ADA))).then(CREATED);
    }

    @Test
    void everyCommandNeedsAMemberOrAdmin() {
        for (Function<CommandContext, EntityCommand> command : allCommands()) {
            spec.given(CREATED).when(command.apply(context(false, Role.OPERATOR, Role.PLATFORM_ADMIN)))
                    .thenRejected(FORBIDDEN);
        }
    }

    @Test
    void everyCommandIsRejectedWhileTheTenantIsSuspended() {
        for (Function<CommandContext, EntityCommand> command : allCommands()) {
            spec.given(CREATED).when(command.apply(context(true, Role.MEMBER))).thenRejected(TENANT_SUSPENDED);
        }
    }

    @Test
    void everyCommandButCreateNeedsAnExistingEntity() {
        for (Function<CommandContext, EntityCommand> command : allCommands().subList(1, 10)) {
            spec.given().when(command.apply(MEMBER)).thenRejected(NOT_FOUND);
        }
    }

    @Test
    void creatingTwiceIsRejected() {
        spec.given(CREATED).when(create(Map.of(NAME, ADA))).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void creatingInAnArchivedCollectionIsRejected() {
        spec.given().when(new CreateEntity(MEMBER, ID, ARCHIVED_SCHEMA, Map.of(NAME, ADA))).thenRejected(ARCHIVED);
    }

    @Test
    void creatingNeedsEveryRequiredValue() {
        spec.given().when(create(Map.of(AGE, new NumberValue(BigDecimal.ONE))))
                .thenRejected(VALIDATION_FAILED, "values." + NAME);
    }

    @Test
    void creatingWithAnUnknownAttributeIsRejected() {
        AttributeId unknown = attributeId(99);
        spec.given().when(create(Map.of(NAME, ADA, unknown, ADA))).thenRejected(VALIDATION_FAILED, "values." + unknown);
    }

    @Test
    void aLinkAttributeTakesNoValue() {
        spec.given().when(create(Map.of(NAME, ADA, FRIENDS, new TextValue(BOB.toString()))))
                .thenRejected(VALIDATION_FAILED, "values." + FRIENDS);
    }

    @Test
    void creatingRejectsValuesThatDoNotFitTheirType() {
        for (Map.Entry<AttributeId, Value> bad : badValues().entrySet()) {
            Map<AttributeId, Value> values = new HashMap<>(Map.of(NAME, ADA));
            values.put(bad.getKey(), bad.getValue());
            spec.given().when(create(values)).thenRejected(VALIDATION_FAILED, "values." + bad.getKey());
        }
    }

    @Test
    void setsAValue() {
        NumberValue age = new NumberValue(new BigDecimal("36"));
        spec.given(CREATED).when(set(AGE, age)).then(new ValueSet(ID, AGE, age, null));
        spec.given(CREATED).when(set(NAME, new TextValue("Augusta")))
                .then(new ValueSet(ID, NAME, new TextValue("Augusta"), ADA));
    }

    @Test
    void settingTheSameValueChangesNothing() {
        spec.given(CREATED).when(set(NAME, new TextValue("Ada"))).thenNoEvents();
    }

    @Test
    void settingRejectsValuesThatDoNotFitTheirType() {
        for (Map.Entry<AttributeId, Value> bad : badValues().entrySet()) {
            spec.given(CREATED).when(set(bad.getKey(), bad.getValue()))
                    .thenRejected(VALIDATION_FAILED, "values." + bad.getKey());
        }
        AttributeId unknown = attributeId(99);
        spec.given(CREATED).when(set(unknown, ADA)).thenRejected(VALIDATION_FAILED, "values." + unknown);
        spec.given(CREATED).when(set(FRIENDS, ADA)).thenRejected(VALIDATION_FAILED, "values." + FRIENDS);
    }

    @Test
    void commandsCarryingASchemaNeedTheEntitysCollection() {
        spec.given(CREATED).when(new SetValue(MEMBER, ID, OTHER_SCHEMA, NAME, ADA))
                .thenRejected(VALIDATION_FAILED, "collection");
        spec.given(CREATED).when(new ClearValue(MEMBER, ID, OTHER_SCHEMA, AGE))
                .thenRejected(VALIDATION_FAILED, "collection");
        spec.given(CREATED).when(new LinkEntity(MEMBER, ID, OTHER_SCHEMA, FRIENDS, BOB))
                .thenRejected(VALIDATION_FAILED, "collection");
    }

    @Test
    void commandsCarryingASchemaAreRejectedInAnArchivedCollection() {
        spec.given(CREATED).when(new SetValue(MEMBER, ID, ARCHIVED_SCHEMA, NAME, ADA)).thenRejected(ARCHIVED);
        spec.given(CREATED).when(new ClearValue(MEMBER, ID, ARCHIVED_SCHEMA, AGE)).thenRejected(ARCHIVED);
        spec.given(CREATED).when(new LinkEntity(MEMBER, ID, ARCHIVED_SCHEMA, FRIENDS, BOB)).thenRejected(ARCHIVED);
    }

    @Test
    void changesToAnArchivedEntityAreRejected() {
        for (EntityCommand command : List.of(
                set(AGE, new NumberValue(BigDecimal.TEN)),
                clear(AGE),
                link(FRIENDS, BOB),
                addBacklink(PEOPLE),
                new ArchiveEntity(MEMBER, ID))) {
            spec.given(CREATED, withAge(), ARCHIVED_EVENT).when(command).thenRejected(ARCHIVED);
        }
    }

    @Test
    void clearsAValue() {
        spec.given(CREATED, withAge()).when(clear(AGE)).then(new ValueCleared(ID, AGE, withAge().value()));
    }

    @Test
    void purgingARemovedAttributeClearsItsValueAndItsLinks() {
        TextValue kept = new TextValue("kept from before");
        spec.given(CREATED, new ValueSet(ID, REMOVED, kept, null), new EntityLinked(ID, REMOVED, CAROL),
                        new EntityLinked(ID, REMOVED, BOB), withAge())
                .when(new PurgeAttribute(MEMBER, ID, SCHEMA, REMOVED))
                .then(new ValueCleared(ID, REMOVED, kept), new EntityUnlinked(ID, REMOVED, BOB),
                        new EntityUnlinked(ID, REMOVED, CAROL));
    }

    @Test
    void purgingReachesArchivedEntitiesAndChangesNothingWhenNothingIsLeft() {
        TextValue kept = new TextValue("kept from before");
        spec.given(CREATED, new ValueSet(ID, REMOVED, kept, null), ARCHIVED_EVENT)
                .when(new PurgeAttribute(MEMBER, ID, SCHEMA, REMOVED)).then(new ValueCleared(ID, REMOVED, kept));
        spec.given(CREATED).when(new PurgeAttribute(MEMBER, ID, SCHEMA, REMOVED)).thenNoEvents();
    }

    @Test
    void anAttributeStillDefinedIsNotPurged() {
        spec.given(CREATED, withAge()).when(new PurgeAttribute(MEMBER, ID, SCHEMA, AGE)).thenRejected(INVALID_STATE);
        spec.given(CREATED).when(new PurgeAttribute(MEMBER, ID, OTHER_SCHEMA, REMOVED)).thenRejected(VALIDATION_FAILED);
    }

    @Test
    void clearingAnAbsentValueChangesNothing() {
        spec.given(CREATED).when(clear(AGE)).thenNoEvents();
    }

    @Test
    void aRequiredValueCannotBeCleared() {
        spec.given(CREATED).when(clear(NAME)).thenRejected(VALIDATION_FAILED, "values." + NAME);
    }

    @Test
    void clearsTheValueOfAnAttributeTheSchemaNoLongerHas() {
        CollectionSchema withoutAge = new CollectionSchema(
                PEOPLE, false, ATTRIBUTES.stream().filter(a -> !a.id().equals(AGE)).toList());
        spec.given(CREATED, withAge()).when(new ClearValue(MEMBER, ID, withoutAge, AGE))
                .then(new ValueCleared(ID, AGE, withAge().value()));
    }

    @Test
    void archivesAndRestores() {
        spec.given(CREATED).when(new ArchiveEntity(MEMBER, ID)).then(ARCHIVED_EVENT);
        spec.given(CREATED, ARCHIVED_EVENT).when(new RestoreEntity(MEMBER, ID)).then(new EntityRestored(ID));
    }

    @Test
    void restoringAnActiveEntityIsRejected() {
        spec.given(CREATED).when(new RestoreEntity(MEMBER, ID)).thenRejected(INVALID_STATE);
    }

    @Test
    void links() {
        spec.given(CREATED).when(link(FRIENDS, BOB)).then(new EntityLinked(ID, FRIENDS, BOB));
    }

    @Test
    void linkingAgainChangesNothing() {
        spec.given(CREATED, new EntityLinked(ID, FRIENDS, BOB)).when(link(FRIENDS, BOB)).thenNoEvents();
    }

    @Test
    void linkingNeedsALinkAttribute() {
        spec.given(CREATED).when(link(NAME, BOB)).thenRejected(VALIDATION_FAILED, "attribute");
        spec.given(CREATED).when(link(attributeId(99), BOB)).thenRejected(VALIDATION_FAILED, "attribute");
    }

    @Test
    void anAttributeHoldsAtMost1000Links() {
        List<EntityEvent> full = new ArrayList<>(List.of(CREATED));
        IntStream.range(0, 1_000).forEach(i -> full.add(new EntityLinked(ID, FRIENDS, entityId(100 + i))));

        spec.given(full).when(link(FRIENDS, BOB)).thenRejected(INVALID_STATE);
        spec.given(full).when(link(FRIENDS, entityId(100))).thenNoEvents();
        spec.given(full).when(link(EMPLOYER, BOB)).then(new EntityLinked(ID, EMPLOYER, BOB));
        spec.given(full.subList(0, 1_000)).when(link(FRIENDS, BOB)).then(new EntityLinked(ID, FRIENDS, BOB));
    }

    @Test
    void unlinksEvenWhenArchived() {
        EntityLinked linked = new EntityLinked(ID, FRIENDS, BOB);
        spec.given(CREATED, linked).when(unlink(FRIENDS, BOB)).then(new EntityUnlinked(ID, FRIENDS, BOB));
        spec.given(CREATED, linked, ARCHIVED_EVENT).when(unlink(FRIENDS, BOB))
                .then(new EntityUnlinked(ID, FRIENDS, BOB));
    }

    @Test
    void unlinkingAnAbsentLinkChangesNothing() {
        spec.given(CREATED, new EntityLinked(ID, FRIENDS, BOB)).when(unlink(FRIENDS, CAROL)).thenNoEvents();
        spec.given(CREATED, new EntityLinked(ID, FRIENDS, BOB)).when(unlink(EMPLOYER, BOB)).thenNoEvents();
    }

    @Test
    void addsABacklink() {
        spec.given(CREATED).when(addBacklink(PEOPLE)).then(new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS));
    }

    @Test
    void addingAPresentBacklinkChangesNothing() {
        spec.given(CREATED, new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS)).when(addBacklink(PEOPLE)).thenNoEvents();
    }

    @Test
    void aBacklinkNeedsTheTargetInTheLinkedCollection() {
        spec.given(CREATED).when(addBacklink(COMPANIES)).thenRejected(VALIDATION_FAILED, "target");
    }

    @Test
    void removesABacklinkEvenWhenArchived() {
        BacklinkAdded added = new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS);
        BacklinkRemoved removed = new BacklinkRemoved(ID, CAROL, FRIENDS);
        spec.given(CREATED, added).when(removeBacklink(CAROL, FRIENDS)).then(removed);
        spec.given(CREATED, added, ARCHIVED_EVENT).when(removeBacklink(CAROL, FRIENDS)).then(removed);
    }

    @Test
    void removingAnAbsentBacklinkChangesNothing() {
        spec.given(CREATED, new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS)).when(removeBacklink(BOB, FRIENDS))
                .thenNoEvents();
        spec.given(CREATED, new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS)).when(removeBacklink(CAROL, EMPLOYER))
                .thenNoEvents();
    }

    @Test
    void evolvesValuesLinksAndBacklinks() {
        TextValue augusta = new TextValue("Augusta");
        EntityState state = spec.given(
                CREATED,
                withAge(),
                new ValueSet(ID, NAME, augusta, ADA),
                new ValueCleared(ID, AGE, withAge().value()),
                new EntityLinked(ID, FRIENDS, BOB),
                new EntityLinked(ID, FRIENDS, CAROL),
                new EntityUnlinked(ID, FRIENDS, CAROL),
                new EntityLinked(ID, EMPLOYER, BOB),
                new EntityUnlinked(ID, EMPLOYER, BOB),
                new BacklinkAdded(ID, CAROL, PEOPLE, FRIENDS),
                new BacklinkAdded(ID, BOB, PEOPLE, FRIENDS),
                new BacklinkRemoved(ID, BOB, FRIENDS),
                ARCHIVED_EVENT,
                new EntityRestored(ID),
                ARCHIVED_EVENT).state();

        assertThat(state).isEqualTo(new EntityState(true, ID, PEOPLE, Map.of(NAME, augusta), true,
                Map.of(FRIENDS, Set.of(BOB)), Set.of(new Backlink(CAROL, PEOPLE, FRIENDS)), Set.of(), false));
        assertThat(state.linksOf(EMPLOYER)).isEmpty();
        assertThat(spec.given().state())
                .isEqualTo(new EntityState(false, null, null, Map.of(), false, Map.of(), Set.of(), Set.of(), false));
    }

    @Test
    void numbersHaveAtMost38DigitsAnd18Decimals() {
        for (String tooBig : List.of("9".repeat(39), "1E+38", "0." + "0".repeat(18) + "1", "1." + "0".repeat(19))) {
            spec.given(CREATED).when(set(AGE, new NumberValue(new BigDecimal(tooBig))))
                    .thenRejected(VALIDATION_FAILED, "values." + AGE);
        }
        for (String fits : List.of("9".repeat(38), "1E+37", "-0." + "0".repeat(17) + "1", "9".repeat(20) + ".5")) {
            NumberValue value = new NumberValue(new BigDecimal(fits));
            spec.given(CREATED).when(set(AGE, value)).then(new ValueSet(ID, AGE, value, null));
        }
    }

    @Test
    void valuesOfOtherTypesMustMatchExactly() {
        for (Map.Entry<AttributeId, Value> wrongVariant : Map.<AttributeId, Value>of(
                NAME, new NumberValue(BigDecimal.ONE),
                AGE, new TextValue("1"),
                ACTIVE, new DateValue(LocalDate.of(2020, 1, 1)),
                BORN, new BooleanValue(false),
                LEVEL, new TextValue("low")).entrySet()) {
            spec.given(CREATED).when(set(wrongVariant.getKey(), wrongVariant.getValue()))
                    .thenRejected(VALIDATION_FAILED, "values." + wrongVariant.getKey());
        }
    }

    /** For each value attribute, a value it does not accept. */
    private static Map<AttributeId, Value> badValues() {
        return Map.of(
                NAME, new TextValue("x".repeat(11)),
                AGE, new NumberValue(new BigDecimal("9".repeat(39))),
                ACTIVE, new TextValue("true"),
                BORN, new TextValue("1815-12-10"),
                LEVEL, new SelectValue("Low"));
    }

    /** One valid command of each kind (create first), for an existing, active entity. */
    private static List<Function<CommandContext, EntityCommand>> allCommands() {
        return List.of(
                ctx -> new CreateEntity(ctx, ID, SCHEMA, Map.of(NAME, ADA)),
                ctx -> new SetValue(ctx, ID, SCHEMA, AGE, new NumberValue(BigDecimal.ONE)),
                ctx -> new ClearValue(ctx, ID, SCHEMA, AGE),
                ctx -> new ArchiveEntity(ctx, ID),
                ctx -> new RestoreEntity(ctx, ID),
                ctx -> new LinkEntity(ctx, ID, SCHEMA, FRIENDS, BOB),
                ctx -> new UnlinkEntity(ctx, ID, FRIENDS, BOB),
                ctx -> new AddBacklink(ctx, ID, CAROL, PEOPLE, FRIENDS, PEOPLE),
                ctx -> new RemoveBacklink(ctx, ID, CAROL, FRIENDS),
                ctx -> new PurgeAttribute(ctx, ID, SCHEMA, REMOVED));
    }

    private static ValueSet withAge() {
        return new ValueSet(ID, AGE, new NumberValue(new BigDecimal("36")), null);
    }

    private static CreateEntity create(Map<AttributeId, Value> values) {
        return new CreateEntity(MEMBER, ID, SCHEMA, values);
    }

    private static SetValue set(AttributeId attribute, Value value) {
        return new SetValue(MEMBER, ID, SCHEMA, attribute, value);
    }

    private static ClearValue clear(AttributeId attribute) {
        return new ClearValue(MEMBER, ID, SCHEMA, attribute);
    }

    private static LinkEntity link(AttributeId attribute, EntityId target) {
        return new LinkEntity(MEMBER, ID, SCHEMA, attribute, target);
    }

    private static UnlinkEntity unlink(AttributeId attribute, EntityId target) {
        return new UnlinkEntity(MEMBER, ID, attribute, target);
    }

    /** Carol, a person, links to this entity as a friend; the link needs the target in {@code required}. */
    private static AddBacklink addBacklink(CollectionId required) {
        return new AddBacklink(MEMBER, ID, CAROL, PEOPLE, FRIENDS, required);
    }

    private static RemoveBacklink removeBacklink(EntityId source, AttributeId sourceAttribute) {
        return new RemoveBacklink(MEMBER, ID, source, sourceAttribute);
    }

    private static AttributeId attributeId(int n) {
        return new AttributeId(new UUID(0xa, n));
    }

    private static EntityId entityId(int n) {
        return new EntityId(new UUID(0xe, n));
    }

    private static CommandContext context(boolean suspended, Role... roles) {
        return new CommandContext(TENANT, new Actor(new UserId("max"), Set.of(roles)), suspended);
    }
}
