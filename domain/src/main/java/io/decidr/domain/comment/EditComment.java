package io.decidr.domain.comment;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Replaces a comment's body. Its author only. */
public record EditComment(CommandContext ctx, CommentId id, String body) implements CommentCommand {

    public EditComment {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
