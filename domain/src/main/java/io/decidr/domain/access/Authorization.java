package io.decidr.domain.access;

import io.decidr.domain.decider.Rejection;
import java.util.EnumSet;
import java.util.Set;

/** The checks that come first in every decider: is the tenant active, and may the actor do this at all. */
public final class Authorization {

    private Authorization() {
    }

    /**
     * For commands on a tenant's data: {@code TENANT_SUSPENDED} when the tenant is suspended, then
     * {@code FORBIDDEN} when the actor holds none of the given roles.
     *
     * @param action what the command does, for the message, e.g. {@code "change collections"}
     */
    public static void require(CommandContext ctx, String action, Role role, Role... otherRoles) {
        if (ctx.tenantSuspended()) {
            throw Rejection.tenantSuspended("tenant " + ctx.tenant() + " is suspended");
        }
        requireRole(ctx.actor(), action, role, otherRoles);
    }

    /**
     * For erasing personal data: {@code FORBIDDEN} when the actor holds none of the given roles, whether or not the
     * tenant is suspended (a suspension does not suspend its data subjects' right to be forgotten).
     */
    public static void requireEvenIfSuspended(CommandContext ctx, String action, Role role, Role... otherRoles) {
        requireRole(ctx.actor(), action, role, otherRoles);
    }

    /** {@code FORBIDDEN} when {@code actor} holds none of the given roles. */
    public static void requireRole(Actor actor, String action, Role role, Role... otherRoles) {
        Set<Role> allowed = EnumSet.of(role, otherRoles);
        if (actor.roles().stream().noneMatch(allowed::contains)) {
            throw Rejection.forbidden(actor.user() + " may not " + action + ": that needs one of " + allowed);
        }
    }
}
