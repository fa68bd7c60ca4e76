package io.decidr.domain.comment;

import io.decidr.domain.access.UserId;

/**
 * The comment's body was erased by {@code erasedBy} (an admin) for {@code reason}: its key is deleted, so every body it
 * ever had reads as erased (null) from now on. Holds no personal data itself.
 */
public record CommentErased(CommentId id, UserId erasedBy, String reason) implements CommentEvent {
}
