package io.decidr.domain.tenant;

import io.decidr.domain.access.Authorization;
import io.decidr.domain.access.Role;
import io.decidr.domain.decider.Decider;
import io.decidr.domain.decider.Rejection;
import io.decidr.domain.decider.TextInput;
import java.util.List;

/**
 * Decides tenant commands: registration, renaming, suspension, reactivation, granting admins and sharing personal
 * values in integration events.
 */
public final class TenantDecider implements Decider<TenantCommand, TenantState, TenantEvent> {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_REASON_LENGTH = 1_000;

    public static final TenantDecider INSTANCE = new TenantDecider();

    private TenantDecider() {
    }

    @Override
    public TenantState initialState() {
        return TenantState.initial();
    }

    @Override
    public List<TenantEvent> decide(TenantCommand command, TenantState state) {
        return switch (command) {
            case RegisterTenant c -> register(c, state);
            case RenameTenant c -> rename(c, state);
            case SuspendTenant c -> suspend(c, state);
            case ReactivateTenant c -> reactivate(c, state);
            case GrantAdmin c -> grantAdmin(c, state);
            case SharePersonalValues c -> sharePersonalValues(c, state);
        };
    }

    @Override
    public TenantState evolve(TenantState state, TenantEvent event) {
        return switch (event) {
            case TenantRegistered e -> TenantState.registered(e.id(), e.name());
            case TenantRenamed e -> state.withName(e.name());
            case TenantSuspended e -> state.withSuspension(e.reason());
            case TenantReactivated e -> state.withoutSuspension();
            case AdminGranted e -> state.withAdmin(e.user());
            case PersonalValueSharingChanged e -> state.withPersonalValuesShared(e.shared());
        };
    }

    private static List<TenantEvent> register(RegisterTenant c, TenantState state) {
        Authorization.requireRole(c.actor(), "register tenants", Role.PLATFORM_ADMIN);
        if (state.exists()) {
            throw Rejection.alreadyExists("tenant " + c.id() + " already exists");
        }
        String name = TextInput.stripped(c.name(), "name", MAX_NAME_LENGTH);
        return List.of(new TenantRegistered(c.id(), name));
    }

    private static List<TenantEvent> rename(RenameTenant c, TenantState state) {
        Authorization.requireRole(c.actor(), "rename tenants", Role.ADMIN, Role.PLATFORM_ADMIN);
        requireExisting(c, state);
        if (state.suspended()) {
            throw Rejection.tenantSuspended("tenant " + c.id() + " is suspended");
        }
        String name = TextInput.stripped(c.name(), "name", MAX_NAME_LENGTH);
        return name.equals(state.name()) ? List.of() : List.of(new TenantRenamed(c.id(), name));
    }

    private static List<TenantEvent> suspend(SuspendTenant c, TenantState state) {
        Authorization.requireRole(c.actor(), "suspend tenants", Role.PLATFORM_ADMIN);
        requireExisting(c, state);
        if (state.suspended()) {
            throw Rejection.invalidState("tenant " + c.id() + " is already suspended");
        }
        String reason = TextInput.stripped(c.reason(), "reason", MAX_REASON_LENGTH);
        return List.of(new TenantSuspended(c.id(), reason));
    }

    private static List<TenantEvent> reactivate(ReactivateTenant c, TenantState state) {
        Authorization.requireRole(c.actor(), "reactivate tenants", Role.PLATFORM_ADMIN);
        requireExisting(c, state);
        if (!state.suspended()) {
            throw Rejection.invalidState("tenant " + c.id() + " is not suspended");
        }
        return List.of(new TenantReactivated(c.id()));
    }

    private static List<TenantEvent> grantAdmin(GrantAdmin c, TenantState state) {
        Authorization.requireRole(c.actor(), "grant tenant admins", Role.PLATFORM_ADMIN);
        requireExisting(c, state);
        if (state.suspended()) {
            throw Rejection.tenantSuspended("tenant " + c.id() + " is suspended");
        }
        return state.admins().contains(c.user()) ? List.of() : List.of(new AdminGranted(c.id(), c.user()));
    }

    private static List<TenantEvent> sharePersonalValues(SharePersonalValues c, TenantState state) {
        Authorization.requireRole(c.actor(), "change what the tenant's integration events carry", Role.ADMIN,
                Role.PLATFORM_ADMIN);
        requireExisting(c, state);
        if (state.suspended()) {
            throw Rejection.tenantSuspended("tenant " + c.id() + " is suspended");
        }
        return c.shared() == state.sharesPersonalValues() ? List.of()
                : List.of(new PersonalValueSharingChanged(c.id(), c.shared()));
    }

    private static void requireExisting(TenantCommand c, TenantState state) {
        if (!state.exists()) {
            throw Rejection.notFound("tenant " + c.id() + " does not exist");
        }
    }
}
