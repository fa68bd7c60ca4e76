package io.decidr.workflows.reactions;

import io.decidr.domain.entity.EntityId;
import java.util.Objects;
import java.util.UUID;

/** An {@code entity.archived.v1} to react to: remove the links other entities hold to the entity. */
public record ArchivedEntity(UUID tenantId, UUID entityId, Trigger trigger) {

    public ArchivedEntity {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(trigger, "trigger");
    }

    public EntityId entity() {
        return new EntityId(entityId);
    }

    public String workflowId() {
        return UnlinkArchivedEntityWorkflow.ID_PREFIX + "/" + trigger.messageId();
    }
}
