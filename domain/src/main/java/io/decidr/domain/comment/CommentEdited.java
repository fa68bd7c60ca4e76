package io.decidr.domain.comment;

/** A comment's author replaced its body (stripped). */
public record CommentEdited(CommentId id, String body) implements CommentEvent {
}
