package io.decidr.domain.comment;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Deletes a comment. Its author or an admin. */
public record DeleteComment(CommandContext ctx, CommentId id) implements CommentCommand {

    public DeleteComment {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
