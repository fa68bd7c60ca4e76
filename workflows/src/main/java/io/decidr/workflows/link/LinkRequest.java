package io.decidr.workflows.link;

import io.decidr.application.handlers.Requester;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.entity.EntityId;
import io.decidr.domain.tenant.TenantId;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What a link or unlink saga is asked to do, and for whom: the input of its workflow and of each activity. Plain
 * values, so that the workflow's history reads well in the Temporal UI.
 *
 * @param attribute the source collection's LINK attribute, by name or id
 * @param commandId the user's command id: every step's command id is derived from it, so a step that runs again
 *                  (a retried activity, a replayed workflow) changes nothing more
 */
public record LinkRequest(UUID tenantId, String user, List<Role> roles, UUID sourceId, String attribute, UUID targetId,
        UUID commandId) {

    public LinkRequest {
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(user, "user");
        roles = List.copyOf(roles);
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(targetId, "targetId");
        Objects.requireNonNull(commandId, "commandId");
    }

    public static LinkRequest of(Requester requester, EntityId source, String attribute, EntityId target, UUID commandId) {
        return new LinkRequest(requester.tenant().value(), requester.actor().user().value(),
                List.copyOf(requester.actor().roles()), source.value(), attribute, target.value(), commandId);
    }

    public Requester requester() {
        return new Requester(new TenantId(tenantId), new Actor(new UserId(user), roles.stream().collect(Collectors.toSet())));
    }

    public EntityId source() {
        return new EntityId(sourceId);
    }

    public EntityId target() {
        return new EntityId(targetId);
    }

    /** The workflow id: readable in the UI, and one per command, so that sending the command again finds its run. */
    public String workflowId(String operation) {
        return operation + "/" + tenantId + "/" + sourceId + "/" + attribute + "/" + targetId + "/" + commandId;
    }
}
