package io.decidr.domain.comment;

import io.decidr.domain.access.UserId;
import io.decidr.domain.entity.EntityId;

/**
 * A comment as its events leave it. A deleted comment keeps its last body here; queries stop showing it.
 *
 * @param id null until the comment exists
 * @param entity null until the comment exists
 * @param author null until the comment exists
 * @param body null until the comment exists, and once erased
 * @param erased whether its body was erased
 */
public record CommentState(
        boolean exists, CommentId id, EntityId entity, UserId author, String body, boolean deleted, boolean erased) {

    public static final int SCHEMA_VERSION = 1;

    /** A comment nobody added yet. */
    public static CommentState initial() {
        return new CommentState(false, null, null, null, null, false, false);
    }

    static CommentState added(CommentId id, EntityId entity, UserId author, String body) {
        return new CommentState(true, id, entity, author, body, false, false);
    }

    public CommentState withBody(String newBody) {
        return new CommentState(exists, id, entity, author, newBody, deleted, erased);
    }

    public CommentState asDeleted() {
        return new CommentState(exists, id, entity, author, body, true, erased);
    }

    public CommentState asErased() {
        return new CommentState(exists, id, entity, author, null, deleted, true);
    }
}
