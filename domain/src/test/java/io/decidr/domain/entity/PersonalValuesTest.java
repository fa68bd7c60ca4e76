package io.decidr.domain.entity;

import static io.decidr.domain.decider.RejectionCode.FORBIDDEN;
import static io.decidr.domain.decider.RejectionCode.INVALID_STATE;
import static io.decidr.domain.decider.RejectionCode.TENANT_SUSPENDED;
import static io.decidr.domain.decider.RejectionCode.VALIDATION_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import io.decidr.domain.DeciderSpec;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.CommandContext;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.collection.Attribute;
import io.decidr.domain.collection.AttributeDefined;
import io.decidr.domain.collection.AttributeId;
import io.decidr.domain.collection.CollectionDecider;
import io.decidr.domain.collection.CollectionCreated;
import io.decidr.domain.collection.CollectionId;
import io.decidr.domain.collection.CollectionSchema;
import io.decidr.domain.collection.DefineAttribute;
import io.decidr.domain.collection.LinkType;
import io.decidr.domain.collection.NumberType;
import io.decidr.domain.collection.TextType;
import io.decidr.domain.tenant.TenantId;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Personal attributes: which values the events mark personal, and what erasing an entity does to its state. */
class PersonalValuesTest {

    private static final TenantId TENANT = new TenantId(new UUID(0, 0xa));
    private static final CommandContext MEMBER = context(Role.MEMBER);
    private static final CommandContext ADMIN = context(Role.ADMIN);
    private static final CollectionId PEOPLE = new CollectionId(new UUID(0xc, 1));
    private static final AttributeId EMAIL = new AttributeId(new UUID(0xa, 1));
    private static final AttributeId SCORE = new AttributeId(new UUID(0xa, 2));
    private static final CollectionSchema SCHEMA = new CollectionSchema(PEOPLE, false, List.of(
            new Attribute(EMAIL, "Email", new TextType(100), false, true),
            new Attribute(SCORE, "Score", new NumberType(), false)));
    private static final EntityId ID = new EntityId(new UUID(0xe, 1));
    private static final TextValue ADA = new TextValue("ada@example.org");
    private static final NumberValue SEVEN = new NumberValue(BigDecimal.valueOf(7));
    private static final EntityCreated CREATED =
            new EntityCreated(ID, PEOPLE, Map.of(EMAIL, ADA, SCORE, SEVEN), Set.of(EMAIL));
    private static final EntityErased ERASED = new EntityErased(ID, new UserId("max"), "asked to be forgotten", Set.of(EMAIL));

    private final DeciderSpec<EntityCommand, EntityState, EntityEvent> spec = DeciderSpec.of(EntityDecider.INSTANCE);

    @Test
    void eventsMarkTheValuesOfPersonalAttributes() {
        spec.given().when(new CreateEntity(MEMBER, ID, SCHEMA, Map.of(EMAIL, ADA, SCORE, SEVEN))).then(CREATED);
        spec.given().when(new CreateEntity(MEMBER, ID, SCHEMA, Map.of(SCORE, SEVEN)))
                .then(new EntityCreated(ID, PEOPLE, Map.of(SCORE, SEVEN), Set.of()));
        TextValue bea = new TextValue("bea@example.org");
        spec.given(CREATED).when(new SetValue(MEMBER, ID, SCHEMA, EMAIL, bea)).then(new ValueSet(ID, EMAIL, bea, ADA, true));
        spec.given(CREATED).when(new SetValue(MEMBER, ID, SCHEMA, SCORE, new NumberValue(BigDecimal.ONE)))
                .then(new ValueSet(ID, SCORE, new NumberValue(BigDecimal.ONE), SEVEN, false));
        spec.given(CREATED).when(new ClearValue(MEMBER, ID, SCHEMA, EMAIL)).then(new ValueCleared(ID, EMAIL, ADA, true));
    }

    @Test
    void aPurgedAttributeStaysPersonalThroughTheEntitysState() {
        CollectionSchema withoutEmail = new CollectionSchema(PEOPLE, false, List.of(SCHEMA.attributes().get(1)));
        spec.given(CREATED).when(new PurgeAttribute(MEMBER, ID, withoutEmail, EMAIL))
                .then(new ValueCleared(ID, EMAIL, ADA, true));
    }

    @Test
    void erasingReplacesEveryPersonalValueAndKeepsTheOthers() {
        spec.given(CREATED).when(new EraseEntity(ADMIN, ID, "  asked to be forgotten ")).then(ERASED);
        EntityState state = spec.given(CREATED, ERASED).state();
        assertThat(state.erased()).isTrue();
        assertThat(state.values()).isEqualTo(Map.of(EMAIL, ErasedValue.INSTANCE, SCORE, SEVEN));
        // erasing again changes nothing
        spec.given(CREATED, ERASED).when(new EraseEntity(ADMIN, ID, "again")).thenNoEvents();
    }

    @Test
    void onlyAdminsEraseAndTheyGiveAReason() {
        spec.given(CREATED).when(new EraseEntity(MEMBER, ID, "because")).thenRejected(FORBIDDEN);
        spec.given(CREATED).when(new EraseEntity(ADMIN, ID, " ")).thenRejected(VALIDATION_FAILED, "reason");
        spec.given(CREATED, new EntityArchived(ID)).when(new EraseEntity(ADMIN, ID, "asked to be forgotten")).then(ERASED);
    }

    @Test
    void aSuspendedTenantsEntitiesAreStillErasedByItsAdmins() {
        CommandContext suspendedAdmin = new CommandContext(TENANT, ADMIN.actor(), true);
        CommandContext suspendedMember = new CommandContext(TENANT, MEMBER.actor(), true);
        spec.given(CREATED).when(new EraseEntity(suspendedAdmin, ID, "  asked to be forgotten ")).then(ERASED);
        spec.given(CREATED).when(new EraseEntity(suspendedMember, ID, "because")).thenRejected(FORBIDDEN);
        spec.given(CREATED).when(new SetValue(suspendedAdmin, ID, SCHEMA, SCORE, new NumberValue(BigDecimal.ONE)))
                .thenRejected(TENANT_SUSPENDED);
    }

    @Test
    void anErasedEntityTakesNoPersonalValuesButOthers() {
        spec.given(CREATED, ERASED).when(new SetValue(MEMBER, ID, SCHEMA, EMAIL, ADA)).thenRejected(INVALID_STATE);
        spec.given(CREATED, ERASED).when(new SetValue(MEMBER, ID, SCHEMA, SCORE, new NumberValue(BigDecimal.TEN)))
                .then(new ValueSet(ID, SCORE, new NumberValue(BigDecimal.TEN), SEVEN, false));
        // clearing the erased value is allowed: it says the erased value is gone
        spec.given(CREATED, ERASED).when(new ClearValue(MEMBER, ID, SCHEMA, EMAIL))
                .then(new ValueCleared(ID, EMAIL, ErasedValue.INSTANCE, true));
    }

    @Test
    void anErasedValueIsNeverInput() {
        spec.given(CREATED).when(new SetValue(MEMBER, ID, SCHEMA, EMAIL, ErasedValue.INSTANCE))
                .thenRejected(VALIDATION_FAILED);
    }

    @Test
    void aLinkAttributeCannotBePersonal() {
        var collections = DeciderSpec.of(CollectionDecider.INSTANCE);
        var created = new CollectionCreated(PEOPLE, "People");
        collections.given(created).when(new DefineAttribute(ADMIN, PEOPLE, EMAIL, "Friends",
                new LinkType(PEOPLE, "Friend of"), false, true)).thenRejected(VALIDATION_FAILED, "personal");
        collections.given(created).when(new DefineAttribute(ADMIN, PEOPLE, EMAIL, "Email", new TextType(100), false, true))
                .then(new AttributeDefined(PEOPLE, new Attribute(EMAIL, "Email", new TextType(100), false, true)));
    }

    private static CommandContext context(Role... roles) {
        return new CommandContext(TENANT, new Actor(new UserId("max"), Set.of(roles)), false);
    }
}
