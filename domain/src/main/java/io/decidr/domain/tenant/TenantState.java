package io.decidr.domain.tenant;

import io.decidr.domain.access.UserId;
import java.util.HashSet;
import java.util.Set;

/**
 * A tenant as its events leave it.
 *
 * @param id null until the tenant exists
 * @param name null until the tenant exists
 * @param suspensionReason null unless {@code suspended}
 * @param admins the users granted the tenant's admin role
 * @param sharesPersonalValues whether its integration events and webhooks carry personal values
 */
public record TenantState(boolean exists, TenantId id, String name, boolean suspended, String suspensionReason,
        Set<UserId> admins, boolean sharesPersonalValues) {

    /**
     * 2: {@code admins} added; 3: {@code sharesPersonalValues} (snapshots of an older version are ignored and the stream
     * is read again).
     */
    public static final int SCHEMA_VERSION = 3;

    public TenantState {
        admins = Set.copyOf(admins);
    }

    /** A tenant nobody registered yet. */
    public static TenantState initial() {
        return new TenantState(false, null, null, false, null, Set.of(), false);
    }

    static TenantState registered(TenantId id, String name) {
        return new TenantState(true, id, name, false, null, Set.of(), false);
    }

    public TenantState withName(String newName) {
        return new TenantState(exists, id, newName, suspended, suspensionReason, admins, sharesPersonalValues);
    }

    public TenantState withSuspension(String reason) {
        return new TenantState(exists, id, name, true, reason, admins, sharesPersonalValues);
    }

    public TenantState withoutSuspension() {
        return new TenantState(exists, id, name, false, null, admins, sharesPersonalValues);
    }

    public TenantState withAdmin(UserId user) {
        Set<UserId> more = new HashSet<>(admins);
        more.add(user);
        return new TenantState(exists, id, name, suspended, suspensionReason, more, sharesPersonalValues);
    }

    public TenantState withPersonalValuesShared(boolean shared) {
        return new TenantState(exists, id, name, suspended, suspensionReason, admins, shared);
    }
}
