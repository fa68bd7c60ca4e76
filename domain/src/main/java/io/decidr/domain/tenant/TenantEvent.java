package io.decidr.domain.tenant;

/** Something that happened to a tenant. */
public sealed interface TenantEvent permits TenantRegistered, TenantRenamed, TenantSuspended, TenantReactivated,
        AdminGranted, PersonalValueSharingChanged {

    /** The tenant it happened to. */
    TenantId id();
}
