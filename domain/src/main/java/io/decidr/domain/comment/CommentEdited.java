package io.decidr.domain.comment;

/** A comment's author replaced its body (stripped; personal data, null once erased). */
public record CommentEdited(CommentId id, String body) implements CommentEvent {
}
