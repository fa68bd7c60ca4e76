package io.decidr.domain.comment;

import io.decidr.domain.access.CommandContext;
import io.decidr.domain.entity.EntityId;
import java.util.Objects;

/** Comments on {@code entity}; the actor becomes the comment's author. */
public record AddComment(CommandContext ctx, CommentId id, EntityId entity, EntityStatus entityStatus, String body)
        implements CommentCommand {

    public AddComment {
        Objects.requireNonNull(ctx, "ctx");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(entityStatus, "entityStatus");
    }
}
