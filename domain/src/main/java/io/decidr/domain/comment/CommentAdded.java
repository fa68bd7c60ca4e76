package io.decidr.domain.comment;

import io.decidr.domain.access.UserId;
import io.decidr.domain.entity.EntityId;

/** {@code author} commented on {@code entity}; {@code body} is stripped, personal data, null once erased. */
public record CommentAdded(CommentId id, EntityId entity, UserId author, String body) implements CommentEvent {
}
