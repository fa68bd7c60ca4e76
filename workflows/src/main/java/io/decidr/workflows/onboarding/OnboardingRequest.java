package io.decidr.workflows.onboarding;

import io.decidr.application.handlers.Requester;
import io.decidr.application.handlers.TenantHandler;
import io.decidr.domain.access.Actor;
import io.decidr.domain.access.Role;
import io.decidr.domain.access.UserId;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.tenant.TenantId;
import io.decidr.workflows.saga.Caller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What an onboarding saga is asked to do: the input of its workflow and of each activity.
 *
 * @param platformAdmin who asked (registers the tenant, grants its admin, acts as the new tenant's admin meanwhile)
 * @param tenantId      the tenant to register, derived from the command id (so the workflow id is known up front)
 * @param template      the template's name, for people; {@code collections} is what it resolved to
 * @param commandId     the user's command id: the same one again finds this saga and its outcome
 */
public record OnboardingRequest(Caller platformAdmin, UUID tenantId, String name, String template,
        List<CollectionSpec> collections, String adminUser, UUID commandId) {

    public OnboardingRequest {
        Objects.requireNonNull(platformAdmin, "platformAdmin");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(template, "template");
        collections = List.copyOf(collections);
        Objects.requireNonNull(adminUser, "adminUser");
        Objects.requireNonNull(commandId, "commandId");
    }

    /**
     * A request for {@code requester}, with the template resolved: an unknown template or a malformed admin user is
     * VALIDATION_FAILED naming the argument, before anything starts.
     */
    public static OnboardingRequest of(Requester requester, String name, String template, String adminUser, UUID commandId) {
        List<CollectionSpec> collections = OnboardingTemplates.named(template).orElseThrow(() -> Rejection.validation(
                "template", "no template is named " + template + "; known: " + OnboardingTemplates.names()));
        try {
            new UserId(adminUser);
        } catch (Rejection malformed) {
            throw Rejection.validation("adminUser", malformed.getMessage());
        }
        UUID tenant = TenantHandler.registeredId(requester, registerCommandId(commandId)).value();
        return new OnboardingRequest(Caller.of(requester), tenant, name, template, collections, adminUser, commandId);
    }

    /** The register command's id: derived, so that a plain registerTenant with the same command id is another command. */
    public static UUID registerCommandId(UUID commandId) {
        return UUID.nameUUIDFromBytes(("onboard/" + commandId).getBytes(StandardCharsets.UTF_8));
    }

    public UUID registerCommandId() {
        return registerCommandId(commandId);
    }

    /** The workflow id, one per tenant (so one per command). */
    public String workflowId() {
        return OnboardTenantWorkflow.ID_PREFIX + "/" + tenantId;
    }

    public TenantId tenant() {
        return new TenantId(tenantId);
    }

    /**
     * The platform admin acting inside the new tenant as its admin, until the tenant's own admin takes over: collections
     * and attributes are the tenant's data, and commands on them need the tenant's admin role.
     */
    public Requester inTenant() {
        return new Requester(tenant(), new Actor(new UserId(platformAdmin.user()), Set.of(Role.ADMIN))).inProcess(commandId);
    }

    /** The platform admin who onboards, their commands sent by this saga (its command their cause). */
    public Requester admin() {
        return platformAdmin.requester().inProcess(commandId);
    }

    public CollectionSpec collection(String collectionName) {
        return collections.stream().filter(c -> c.name().equals(collectionName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the template has no collection " + collectionName));
    }
}
