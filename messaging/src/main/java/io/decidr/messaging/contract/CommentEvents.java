package io.decidr.messaging.contract;

import io.eventuate.tram.events.common.DomainEvent;

/** Integration events of the channel {@code decidr.comment}: never the body (personal data). */
public final class CommentEvents {

    private CommentEvents() {
    }

    /** {@code comment.added.v1} */
    public record Added(String tenantId, String commentId, String entityId, String author) implements DomainEvent {
    }

    /** {@code comment.edited.v1} */
    public record Edited(String tenantId, String commentId) implements DomainEvent {
    }

    /** {@code comment.deleted.v1} */
    public record Deleted(String tenantId, String commentId, String deletedBy) implements DomainEvent {
    }

    /** {@code comment.erased.v1}: every body it had was erased, by {@code erasedBy} (an admin). */
    public record Erased(String tenantId, String commentId, String erasedBy) implements DomainEvent {
    }
}
