package io.decidr.domain.comment;

import io.decidr.domain.access.CommandContext;
import java.util.Objects;

/** Erases a comment's body, every version of it (personal data). Admins only; deleted comments too. */
public record EraseComment(CommandContext ctx, CommentId id, String reason) implements CommentCommand {

    public static final int MAX_REASON_LENGTH = 1_000;

    public EraseComment {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
    }
}
