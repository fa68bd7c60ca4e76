package io.decidr.cassandra.readmodel;

import io.decidr.domain.collection.AttributeType;
import io.decidr.domain.entity.Value;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the read models answer. */
public final class Views {

    private Views() {
    }

    public record TenantView(UUID id, String name, boolean suspended, String suspensionReason, long version) {
    }

    public record AttributeView(UUID id, String name, AttributeType type, boolean required, long position) {
    }

    public record CollectionView(UUID id, String name, boolean archived, long version, List<AttributeView> attributes) {
    }

    public record EntityView(UUID id, UUID collectionId, boolean archived, long version, Instant createdAt,
            Instant updatedAt, Map<UUID, Value> values) {
    }

    public record LinkView(UUID sourceId, UUID attributeId, UUID targetId) {
    }

    public record BacklinkView(UUID targetId, UUID sourceAttributeId, UUID sourceId, UUID sourceCollectionId) {
    }

    public record HistoryView(long version, String type, String actor, Instant recordedAt, UUID attributeId,
            Value value, Value previous, String detail) {
    }

    public record CommentView(UUID id, UUID entityId, String author, String body, boolean edited, boolean deleted,
            Instant addedAt, long version) {
    }
}
