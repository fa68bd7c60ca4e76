package io.decidr.domain.comment;

import io.decidr.domain.access.UserId;

/** A comment was deleted by {@code deletedBy}: its author or an admin. */
public record CommentDeleted(CommentId id, UserId deletedBy) implements CommentEvent {
}
