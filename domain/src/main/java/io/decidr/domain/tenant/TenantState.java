package io.decidr.domain.tenant;

/**
 * A tenant as its events leave it.
 *
 * @param id null until the tenant exists
 * @param name null until the tenant exists
 * @param suspensionReason null unless {@code suspended}
 */
public record TenantState(boolean exists, TenantId id, String name, boolean suspended, String suspensionReason) {

    public static final int SCHEMA_VERSION = 1;

    /** A tenant nobody registered yet. */
    public static TenantState initial() {
        return new TenantState(false, null, null, false, null);
    }

    static TenantState registered(TenantId id, String name) {
        return new TenantState(true, id, name, false, null);
    }

    public TenantState withName(String newName) {
        return new TenantState(exists, id, newName, suspended, suspensionReason);
    }

    public TenantState withSuspension(String reason) {
        return new TenantState(exists, id, name, true, reason);
    }

    public TenantState withoutSuspension() {
        return new TenantState(exists, id, name, false, null);
    }
}
