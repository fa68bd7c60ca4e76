package io.decidr.domain.comment;

import io.decidr.domain.access.CommandContext;

/** A command on one comment. */
public sealed interface CommentCommand permits AddComment, EditComment, DeleteComment, EraseComment {

    CommandContext ctx();

    /** The comment the command is for. */
    CommentId id();
}
