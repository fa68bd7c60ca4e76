package io.decidr.domain.comment;

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
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CommentDeciderTest {

    private static final TenantId TENANT = new TenantId(UUID.fromString("00000000-0000-0000-0000-00000000000a"));
    private static final UserId ANN = new UserId("ann");
    private static final UserId BEN = new UserId("ben");
    private static final CommandContext ANN_MEMBER = context(ANN, false, Role.MEMBER);
    private static final CommandContext BEN_MEMBER = context(BEN, false, Role.MEMBER);
    private static final CommandContext BEN_ADMIN = context(BEN, false, Role.ADMIN);

    private static final CommentId ID = new CommentId(new UUID(0xd, 1));
    private static final EntityId ENTITY = new EntityId(new UUID(0xe, 1));
    private static final CommentAdded ADDED = new CommentAdded(ID, ENTITY, ANN, "Looks good");
    private static final CommentDeleted DELETED = new CommentDeleted(ID, ANN);

    private final DeciderSpec<CommentCommand, CommentState, CommentEvent> spec =
            DeciderSpec.of(CommentDecider.INSTANCE);

    @Test
    void addsWithTheActorAsAuthor() {
        spec.given().when(add(ANN_MEMBER, EntityStatus.ACTIVE, "  Looks good\n")).then(ADDED);
        spec.given().when(add(BEN_ADMIN, EntityStatus.ACTIVE, "Looks good"))
                .then(new CommentAdded(ID, ENTITY, BEN, "Looks good"));
    }

    @Test
    void everyCommandNeedsAMemberOrAdmin() {
        for (Function<CommandContext, CommentCommand> command : allCommands()) {
            spec.given(ADDED).when(command.apply(context(ANN, false, Role.OPERATOR, Role.PLATFORM_ADMIN)))
                    .thenRejected(FORBIDDEN);
        }
    }

    @Test
    void everyCommandIsRejectedWhileTheTenantIsSuspended() {
        for (Function<CommandContext, CommentCommand> command : allCommands()) {
            spec.given(ADDED).when(command.apply(context(ANN, true, Role.MEMBER))).thenRejected(TENANT_SUSPENDED);
        }
    }

    @Test
    void anAdminErasesABodyForGoodEvenOfADeletedComment() {
        CommentErased erased = new CommentErased(ID, BEN, "asked to be forgotten");
        spec.given(ADDED).when(new EraseComment(BEN_ADMIN, ID, " asked to be forgotten")).then(erased);
        spec.given(ADDED, DELETED).when(new EraseComment(BEN_ADMIN, ID, "asked to be forgotten")).then(erased);
        spec.given(ADDED).when(new EraseComment(ANN_MEMBER, ID, "mine")).thenRejected(FORBIDDEN);
        spec.given().when(new EraseComment(BEN_ADMIN, ID, "nothing")).thenRejected(NOT_FOUND);
        assertThat(spec.given(ADDED, erased).state().body()).isNull();
        assertThat(spec.given(ADDED, erased).state().erased()).isTrue();
        spec.given(ADDED, erased).when(new EraseComment(BEN_ADMIN, ID, "again")).thenNoEvents();
        // a suspended tenant's comments are still erased (its data subjects keep their rights), by admins only
        spec.given(ADDED).when(new EraseComment(context(BEN, true, Role.ADMIN), ID, "suspended")).then(
                new CommentErased(ID, BEN, "suspended"));
        spec.given(ADDED).when(new EraseComment(context(ANN, true, Role.MEMBER), ID, "mine")).thenRejected(FORBIDDEN);
        spec.given(ADDED, erased).when(new EditComment(ANN_MEMBER, ID, "new text")).thenRejected(INVALID_STATE);
    }

    @Test
    void addingTwiceIsRejected() {
        spec.given(ADDED).when(add(ANN_MEMBER, EntityStatus.ACTIVE, "Again")).thenRejected(ALREADY_EXISTS);
    }

    @Test
    void commentingOnAMissingEntityIsRejected() {
        spec.given().when(add(ANN_MEMBER, EntityStatus.MISSING, "Hello?")).thenRejected(NOT_FOUND);
    }

    @Test
    void commentingOnAnArchivedEntityIsRejected() {
        spec.given().when(add(ANN_MEMBER, EntityStatus.ARCHIVED, "Hello?")).thenRejected(ARCHIVED);
    }

    @Test
    void addingNeedsABody() {
        spec.given().when(add(ANN_MEMBER, EntityStatus.ACTIVE, " \t ")).thenRejected(VALIDATION_FAILED, "body");
        spec.given().when(add(ANN_MEMBER, EntityStatus.ACTIVE, "x".repeat(10_001)))
                .thenRejected(VALIDATION_FAILED, "body");
        spec.given().when(add(ANN_MEMBER, EntityStatus.ACTIVE, "x".repeat(10_000)))
                .then(new CommentAdded(ID, ENTITY, ANN, "x".repeat(10_000)));
    }

    @Test
    void theAuthorEdits() {
        spec.given(ADDED).when(new EditComment(ANN_MEMBER, ID, " Looks great "))
                .then(new CommentEdited(ID, "Looks great"));
    }

    @Test
    void editingToTheSameBodyChangesNothing() {
        spec.given(ADDED).when(new EditComment(ANN_MEMBER, ID, "Looks good ")).thenNoEvents();
    }

    @Test
    void onlyTheAuthorEdits() {
        spec.given(ADDED).when(new EditComment(BEN_MEMBER, ID, "Mine now")).thenRejected(FORBIDDEN);
        spec.given(ADDED).when(new EditComment(BEN_ADMIN, ID, "Mine now")).thenRejected(FORBIDDEN);
    }

    @Test
    void editingNeedsABody() {
        spec.given(ADDED).when(new EditComment(ANN_MEMBER, ID, "")).thenRejected(VALIDATION_FAILED, "body");
        spec.given(ADDED).when(new EditComment(ANN_MEMBER, ID, "x".repeat(10_001)))
                .thenRejected(VALIDATION_FAILED, "body");
    }

    @Test
    void editingOrDeletingAMissingOrDeletedCommentIsRejected() {
        spec.given().when(new EditComment(ANN_MEMBER, ID, "Hello")).thenRejected(NOT_FOUND);
        spec.given(ADDED, DELETED).when(new EditComment(ANN_MEMBER, ID, "Hello")).thenRejected(NOT_FOUND);
        spec.given().when(new DeleteComment(ANN_MEMBER, ID)).thenRejected(NOT_FOUND);
        spec.given(ADDED, DELETED).when(new DeleteComment(ANN_MEMBER, ID)).thenRejected(NOT_FOUND);
    }

    @Test
    void theAuthorOrAnAdminDeletes() {
        spec.given(ADDED).when(new DeleteComment(ANN_MEMBER, ID)).then(DELETED);
        spec.given(ADDED).when(new DeleteComment(BEN_ADMIN, ID)).then(new CommentDeleted(ID, BEN));
    }

    @Test
    void otherMembersCannotDelete() {
        spec.given(ADDED).when(new DeleteComment(BEN_MEMBER, ID)).thenRejected(FORBIDDEN);
    }

    @Test
    void evolvesThroughItsLifecycle() {
        assertThat(spec.given().state()).isEqualTo(new CommentState(false, null, null, null, null, false, false));
        assertThat(spec.given(ADDED, new CommentEdited(ID, "Looks great")).state())
                .isEqualTo(new CommentState(true, ID, ENTITY, ANN, "Looks great", false, false));
        assertThat(spec.given(ADDED, new CommentDeleted(ID, BEN)).state())
                .isEqualTo(new CommentState(true, ID, ENTITY, ANN, "Looks good", true, false));
    }

    /** One valid command of each kind (add first), by the author of an existing comment. */
    private static List<Function<CommandContext, CommentCommand>> allCommands() {
        return List.of(
                ctx -> new AddComment(ctx, new CommentId(new UUID(0xd, 2)), ENTITY, EntityStatus.ACTIVE, "Hi"),
                ctx -> new EditComment(ctx, ID, "Edited"),
                ctx -> new DeleteComment(ctx, ID));
    }

    private static AddComment add(CommandContext ctx, EntityStatus status, String body) {
        return new AddComment(ctx, ID, ENTITY, status, body);
    }

    private static CommandContext context(UserId user, boolean suspended, Role... roles) {
        return new CommandContext(TENANT, new Actor(user, Set.of(roles)), suspended);
    }
}
