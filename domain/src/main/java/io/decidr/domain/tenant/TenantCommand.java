package io.decidr.domain.tenant;

import io.decidr.domain.access.Actor;

/**
 * A command on one tenant. Tenant commands carry an {@link Actor} rather than a {@code CommandContext}:
 * they act on the tenant itself, not on data inside it.
 */
public sealed interface TenantCommand permits RegisterTenant, RenameTenant, SuspendTenant, ReactivateTenant, GrantAdmin,
        SharePersonalValues {

    /** The tenant the command is for. */
    TenantId id();

    Actor actor();
}
