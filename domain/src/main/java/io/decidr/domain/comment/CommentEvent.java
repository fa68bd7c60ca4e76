package io.decidr.domain.comment;

/** Something that happened to a comment. */
public sealed interface CommentEvent permits CommentAdded, CommentEdited, CommentDeleted, CommentErased {

    /** The comment it happened to. */
    CommentId id();
}
