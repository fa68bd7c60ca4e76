package io.decidr.domain.comment;

import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.List;

/** Decides comment commands: adding, editing by the author, deleting by the author or an admin. */
public final class CommentDecider implements Decider<CommentCommand, CommentState, CommentEvent> {

    public static final int MAX_BODY_LENGTH = 10_000;

    public static final CommentDecider INSTANCE = new CommentDecider();

    private CommentDecider() {
    }

    @Override
    public CommentState initialState() {
        return CommentState.initial();
    }

    @Override
    public List<CommentEvent> decide(CommentCommand command, CommentState state) {
        if (command instanceof EraseComment c) {
            // the one command a suspended tenant still takes
            return erase(c, state);
        }
        // authors who lost both roles can no longer change their comments either
        Authorization.require(command.ctx(), "comment", Role.MEMBER, Role.ADMIN);
        return switch (command) {
            case AddComment c -> add(c, state);
            case EditComment c -> edit(c, existing(c, state));
            case DeleteComment c -> delete(c, existing(c, state));
            case EraseComment c -> throw new IllegalStateException("decided above");
        };
    }

    @Override
    public CommentState evolve(CommentState state, CommentEvent event) {
        return switch (event) {
            case CommentAdded e -> CommentState.added(e.id(), e.entity(), e.author(), e.body());
            case CommentEdited e -> state.withBody(e.body());
            case CommentDeleted e -> state.asDeleted();
            case CommentErased e -> state.asErased();
        };
    }

    private static List<CommentEvent> add(AddComment c, CommentState state) {
        if (state.exists()) {
            throw Rejection.alreadyExists("comment " + c.id() + " already exists");
        }
        switch (c.entityStatus()) {
            case ACTIVE -> { }
            case ARCHIVED -> throw Rejection.archived("entity " + c.entity() + " is archived");
            case MISSING -> throw Rejection.notFound("entity " + c.entity() + " does not exist");
        }
        String body = TextInput.stripped(c.body(), "body", MAX_BODY_LENGTH);
        return List.of(new CommentAdded(c.id(), c.entity(), c.ctx().actor().user(), body));
    }

    private static List<CommentEvent> edit(EditComment c, CommentState state) {
        UserId actor = c.ctx().actor().user();
        if (!actor.equals(state.author())) {
            throw Rejection.forbidden(actor + " may not edit comment " + c.id() + ": only its author may");
        }
        if (state.erased()) {
            throw Rejection.invalidState("comment " + c.id() + " was erased");
        }
        String body = TextInput.stripped(c.body(), "body", MAX_BODY_LENGTH);
        return body.equals(state.body()) ? List.of() : List.of(new CommentEdited(c.id(), body));
    }

    private static List<CommentEvent> delete(DeleteComment c, CommentState state) {
        UserId actor = c.ctx().actor().user();
        if (!actor.equals(state.author()) && !c.ctx().actor().has(Role.ADMIN)) {
            throw Rejection.forbidden(
                    actor + " may not delete comment " + c.id() + ": only its author or an admin may");
        }
        return List.of(new CommentDeleted(c.id(), actor));
    }

    private static List<CommentEvent> erase(EraseComment c, CommentState state) {
        Authorization.requireEvenIfSuspended(c.ctx(), "erase personal data", Role.ADMIN);
        if (!state.exists()) {
            throw Rejection.notFound("comment " + c.id() + " does not exist");
        }
        String reason = TextInput.stripped(c.reason(), "reason", EraseComment.MAX_REASON_LENGTH);
        return state.erased() ? List.of() : List.of(new CommentErased(c.id(), c.ctx().actor().user(), reason));
    }

    /** The state, when the comment exists and is not deleted. */
    private static CommentState existing(CommentCommand c, CommentState state) {
        if (!state.exists() || state.deleted()) {
            throw Rejection.notFound("comment " + c.id() + " does not exist");
        }
        return state;
    }
}
